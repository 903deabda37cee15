"""The GitHub side: workflows run the README's commands with pinned actions and least privilege,
pre-commit runs the same lint as the tests, the issue forms parse, and every page links to its source."""
import re

import pytest
import yaml

import lint_docs
from conftest import DOCS, REPO
from new_question import load_config

WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+\s*$")


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(flow: dict) -> dict:
    """The `on:` mapping; YAML 1.1 reads the bare key `on` as True."""
    return flow.get("on", flow.get(True))


def runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [line.strip() for block in re.findall(r"```bash\n(.*?)```", readme, re.S) for line in block.splitlines() if line.strip()]


def test_test_workflow_runs_the_readme_test_command_on_pull_requests_and_pushes():
    flow = workflow("test.yml")
    assert set(triggers(flow)) == {"pull_request", "push"}
    assert "scripts/test" in readme_commands()
    assert [command for job in flow["jobs"].values() for command in runs(job)] == ["scripts/test"]


def test_test_workflow_uses_the_python_the_readme_names():
    version = re.search(r"Python (\d+\.\d+)", (REPO / "README.md").read_text(encoding="utf-8")).group(1)
    for name in ("test.yml", "deploy.yml"):
        pythons = [step["with"]["python-version"] for job in workflow(name)["jobs"].values()
                   for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@")]
        assert pythons == [version], name


def test_deploy_workflow_publishes_the_strict_build_from_main():
    flow = workflow("deploy.yml")
    assert triggers(flow)["push"] == {"branches": ["main"]}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    commands = "\n".join(runs(build))
    assert "scripts/setup site" in commands
    site_dir = re.search(r"mkdocs build --strict --site-dir (\S+)", commands).group(1)
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == site_dir
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.mark.parametrize("name", ["test.yml", "deploy.yml"])
def test_workflows_pin_actions_read_only_by_default_and_time_out(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses = [line for line in text.splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses and [line for line in uses if not PINNED.match(line)] == []
    flow = workflow(name)
    assert flow["permissions"] == {"contents": "read"}
    for job in flow["jobs"].values():
        assert 0 < job["timeout-minutes"] <= 60
        assert not set(job.get("permissions", {})) & {"contents", "actions", "packages", "pull-requests"}


def test_pre_commit_runs_the_same_checks_as_the_tests():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert sorted(hook["entry"] for hook in hooks) == sorted(f"scripts/lint {name}" for name in lint_docs.CHECKS)
    assert all(hook["language"] == "system" and hook["pass_filenames"] is False for hook in hooks)
    assert 'scripts/lint_docs.py "$@"' in (REPO / "scripts" / "lint").read_text(encoding="utf-8")


def test_pull_request_template_asks_for_the_readme_test_command():
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "`scripts/test`" in template and "scripts/test" in readme_commands()


@pytest.mark.parametrize("path", sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")), ids=lambda p: p.name)
def test_issue_forms_parse_with_unique_required_fields(path):
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert form["name"] and form["description"]
    ids = [field["id"] for field in form["body"]]
    assert len(ids) == len(set(ids))
    assert any(field.get("validations", {}).get("required") for field in form["body"])


def test_repository_and_site_addresses_agree():
    config = load_config((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    owner, repo = re.fullmatch(r"https://([\w-]+)\.github\.io/([\w.-]+)/", config["site_url"]).groups()
    assert config["repo_url"] == f"https://github.com/{owner}/{repo}"
    assert config["edit_uri"] == "edit/main/docs/"


def test_every_page_links_to_its_source_for_editing(built_site):
    config = load_config((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for path in sorted((DOCS / "questions").glob("*.md")) + [DOCS / "index.md"]:
        page = path.relative_to(DOCS).as_posix()
        html_path = built_site / ("index.html" if page == "index.md" else f"{page[:-3]}/index.html")
        html = html_path.read_text(encoding="utf-8")
        assert f'href="{config["repo_url"]}/{config["edit_uri"]}{page}"' in html, page
