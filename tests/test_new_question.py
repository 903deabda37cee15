"""scripts/new-question writes a page that builds and passes the page tests, and edits the nav as text."""
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

import lint_docs
import new_question
from conftest import REPO
from new_question import ScaffoldError, register_in_nav, scaffold

CONFIG = """\
site_name: Test
# The nav lists pages by category.
nav:
  - Home: index.md
  - Ecosystem:
      - questions/01-hub.md   # the first one
      - questions/02-sharing.md
  - "Q&A: Basics":
      - questions/03-basics.md
  - Tags: tags.md

plugins:
  - tags:
      tags_allowed:
        - hub
        - sharing

markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def inserted(before: str, after: str) -> list[tuple[int, str]]:
    """(index, line) of each line in `after` that is not in `before`, checking nothing else changed."""
    old, new = before.split("\n"), after.split("\n")
    added, j = [], 0
    for i, line in enumerate(new):
        if j < len(old) and line == old[j]:
            j += 1
        else:
            added.append((i, line))
    assert j == len(old), "a line of the original was changed or lost"
    return added


def test_page_is_added_at_the_end_of_its_section_and_nothing_else_changes():
    updated = register_in_nav(CONFIG, "questions/04-new.md", "Ecosystem", new_category=False)
    assert inserted(CONFIG, updated) == [(7, "      - questions/04-new.md")]


def test_quoted_section_titles_are_matched_by_their_value():
    updated = register_in_nav(CONFIG, "questions/04-new.md", "Q&A: Basics", new_category=False)
    assert inserted(CONFIG, updated) == [(9, "      - questions/04-new.md")]


def test_new_category_becomes_a_section_after_the_last_question_section():
    updated = register_in_nav(CONFIG, "questions/04-new.md", "Evaluation: LLMs", new_category=True)
    assert inserted(CONFIG, updated) == [(9, '  - "Evaluation: LLMs":'), (10, "      - questions/04-new.md")]
    assert new_question.nav_sections(new_question.load_config(updated)["nav"])["Evaluation: LLMs"] == ["questions/04-new.md"]


def test_unknown_category_is_refused_without_the_flag():
    with pytest.raises(ScaffoldError, match="--new-category"):
        register_in_nav(CONFIG, "questions/04-new.md", "Ecosytem", new_category=False)


@pytest.fixture
def project(tmp_path):
    """A minimal project: CONFIG, and a page file for each of the two nav entries numbered 01 and 03."""
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs" / "questions").mkdir(parents=True)
    for name in ("01-hub.md", "03-basics.md"):
        (tmp_path / "docs" / "questions" / name).write_text("---\n---\n", encoding="utf-8")
    return tmp_path


def test_number_is_one_past_pages_and_nav_entries_still_being_written(project):
    (project / "mkdocs.yml").write_text(CONFIG.replace("02-sharing", "07-sharing"), encoding="utf-8")
    path = scaffold(project, "Sharing a model", "Ecosystem", "Practical", ["sharing"])
    assert path.name == "08-sharing-a-model.md"


def test_unknown_tag_is_refused_and_nothing_is_written(project):
    with pytest.raises(ScaffoldError, match="tags_allowed"):
        scaffold(project, "A title", "Ecosystem", "Practical", ["hubb"])
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == CONFIG
    assert sorted(p.name for p in (project / "docs" / "questions").iterdir()) == ["01-hub.md", "03-basics.md"]


def test_front_matter_keeps_titles_with_yaml_syntax_intact(project):
    title = 'Pipelines: "batching" & #streaming'
    path = scaffold(project, title, "Ecosystem", "Practical", ["hub"], question="Why batch? Isn't it: faster?")
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert meta == {
        "number": 4, "title": title, "question": "Why batch? Isn't it: faster?",
        "type": "Practical", "category": "Ecosystem", "tags": ["hub"],
    }
    assert path.name == "04-pipelines-batching-streaming.md"


def test_scaffolded_pages_build_strictly_and_pass_the_page_tests(tmp_path):
    """End to end on a copy of the repository: one page in an existing section, one in a new section."""
    project = tmp_path / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "__pycache__", ".pytest_cache", ".cache", "bench-out"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    existing = new_question.nav_sections(new_question.load_config((project / "mkdocs.yml").read_text())["nav"])
    category = next(title for title, pages in existing.items() if any(p.startswith("questions/") for p in pages))
    commands = [
        ["Sharing: a \"quoted\" title", "--category", category, "--type", "Practical", "--tags", "hub", "sharing"],
        ["Evaluating generated text", "--category", "Evaluation", "--new-category", "--type", "Conceptual", "--tags", "inference"],
    ]
    created = []
    for arguments in commands:
        result = subprocess.run([sys.executable, "scripts/new_question.py", *arguments],
                                cwd=project, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        created.append(re.search(r"Created (\S+)", result.stdout).group(1))

    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA",
         "tests/test_question_pages.py", "tests/test_docs_quick_checks.py",
         "tests/test_build.py::test_each_quick_check_became_exactly_one_quiz"],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    for page in created:
        assert f"[{os.path.basename(page)}]" in tests.stdout, f"no page test ran on {page}"
    assert lint_docs.markdown(project, [project / page for page in created]) == []
    assert lint_docs.spelling(project, created) == []
