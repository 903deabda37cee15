"""Question pages follow the house format, and the site's indexes list exactly them."""
import re
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

from conftest import DOCS, REPO
from html_elements import elements, text
from quickcheck.parser import parse
from quickcheck.validator import validate

QUESTIONS = sorted((DOCS / "questions").glob("*.md"))
REQUIRED = {
    "scenario": re.compile(r"^## The scenario\s*$", re.M),
    "challenge": re.compile(r"^## The challenge\s*$", re.M),
    "common mistake": re.compile(r'^!!! failure "Common Mistake"\s*$', re.M),
    "senior approach": re.compile(r'^!!! success "Senior Engineer Approach"\s*$', re.M),
}


def config():
    with open(REPO / "mkdocs.yml", encoding="utf-8") as handle:
        return yaml_load(handle)


def front_matter(path: Path) -> dict:
    return get_data(path.read_text(encoding="utf-8"))[1]


def nav_sections(nav) -> dict[str, str]:
    """Page path -> title of the nav section that holds it."""
    found = {}
    for entry in nav:
        if isinstance(entry, dict):
            for title, children in entry.items():
                if isinstance(children, list):
                    for child in children:
                        page = child if isinstance(child, str) else next(iter(child.values()))
                        found[page] = title
    return found


def test_there_are_question_pages():
    assert len(QUESTIONS) >= 12


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.name)
def test_front_matter(path):
    meta = front_matter(path)
    assert isinstance(meta.get("number"), int)
    assert path.name.startswith(f"{meta['number']:02d}-")
    for key in ("title", "question", "category"):
        assert isinstance(meta.get(key), str) and meta[key].strip(), key
    assert meta.get("type") in {"Conceptual", "Practical"}
    assert isinstance(meta.get("tags"), list) and meta["tags"]


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.name)
def test_required_sections(path):
    body = path.read_text(encoding="utf-8")
    missing = [name for name, pattern in REQUIRED.items() if not pattern.search(body)]
    assert missing == []


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.name)
def test_at_least_two_valid_quick_checks_with_feedback(path):
    checks = parse(get_data(path.read_text(encoding="utf-8"))[0])
    assert len(checks) >= 2
    for check in checks:
        assert validate(check) == []
        assert all(option.feedback for option in check.options), check.heading


def test_numbers_run_from_one_without_gaps():
    numbers = sorted(front_matter(path)["number"] for path in QUESTIONS)
    assert numbers == list(range(1, len(numbers) + 1))


def test_tags_are_allowed():
    tags_plugin = next(p["tags"] for p in config()["plugins"] if isinstance(p, dict) and "tags" in p)
    allowed = set(tags_plugin["tags_allowed"])
    used = {tag for path in QUESTIONS for tag in front_matter(path)["tags"]}
    assert used <= allowed, used - allowed


def test_each_question_is_in_the_nav_under_its_category():
    sections = nav_sections(config()["nav"])
    for path in QUESTIONS:
        page = path.relative_to(DOCS).as_posix()
        assert sections.get(page) == front_matter(path)["category"], page


def test_overview_lists_every_question_page_and_nothing_else(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    table = html[html.index("<table>"): html.index("</table>")]
    links = [attrs["href"] for tag, attrs in elements(table) if tag == "a"]
    expected = [f"questions/{path.stem}/" for path in sorted(QUESTIONS, key=lambda p: front_matter(p)["number"])]
    assert links == expected


def test_version_line_matches_the_requirements_file(built_site):
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", (REPO / "requirements-examples.txt").read_text(), re.M)
    assert pins
    for path in QUESTIONS:
        html = (built_site / "questions" / path.stem / "index.html").read_text(encoding="utf-8")
        line = html[html.index('<p class="page-versions">'):]
        line = text(line[: line.index("</p>")])
        for name, version in pins:
            assert f"{name} {version}" in line, (path.name, name)
