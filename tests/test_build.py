"""The real site builds under --strict and every Quick Check in docs/ became one quiz."""
import re
import shutil

import pytest
from mkdocs.utils.meta import get_data

from conftest import DOCS, REPO, mkdocs_build
from html_elements import elements
from quickcheck.parser import parse


def written_checks():
    """(page, parsed Quick Checks) for every page of docs/ that has any."""
    for path in sorted(DOCS.rglob("*.md")):
        source = path.read_text(encoding="utf-8")
        body, _ = get_data(source)
        checks = parse(body)
        if checks:
            yield path.relative_to(DOCS), checks


def output_page(site, page):
    stem = page.with_suffix("")
    return site / ("index.html" if stem.name == "index" else stem / "index.html")


def quizzes(html):
    """For each quiz form in a built page: its answer letter and option letters."""
    found = []
    for tag, attrs in elements(html):
        if tag == "form" and attrs.get("class") == "qc":
            found.append((attrs["data-qc-answer"], []))
        elif tag == "input" and attrs.get("class") == "qc__radio":
            found[-1][1].append(attrs["value"])
    return found


def test_site_has_quick_checks_to_check():
    assert list(written_checks()), "no page in docs/ has a Quick Check"


@pytest.mark.parametrize("page,checks", list(written_checks()), ids=lambda v: str(v) if not isinstance(v, list) else "")
def test_each_quick_check_became_exactly_one_quiz(built_site, page, checks):
    html = output_page(built_site, page).read_text(encoding="utf-8")
    expected = [(check.correct[0].letter, [o.letter for o in check.options]) for check in checks]
    assert quizzes(html) == expected
    assert "<!--qc:" not in html


def test_quiz_assets_are_files_not_inline(built_site):
    """The quiz's script and styles are cached files, fetched only by pages with a quiz (overrides/main.html)."""
    assert (built_site / "assets" / "quick-check.js").is_file()
    assert (built_site / "assets" / "quick-check.css").is_file()
    page, _ = next(written_checks())
    question = output_page(built_site, page).read_text(encoding="utf-8")
    assert re.search(r'<script[^>]+type="module"[^>]+src="[^"]*assets/quick-check\.js"', question)
    assert re.search(r'<link[^>]+rel="stylesheet"[^>]+href="[^"]*assets/quick-check\.css"', question)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "quick-check.js" not in home and "quick-check.css" not in home


def test_broken_quick_check_fails_the_build_naming_page_and_line(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "__pycache__", "tests"))
    page = next(path for path in sorted((project / "docs").rglob("*.md")) if "### Quick Check" in path.read_text())
    lines = page.read_text(encoding="utf-8").split("\n")
    correct = next(i for i, line in enumerate(lines) if line.startswith("-> "))
    lines[correct] = "=> " + lines[correct][3:]
    page.write_text("\n".join(lines), encoding="utf-8")

    result = mkdocs_build(project, tmp_path / "site")

    relative = page.relative_to(project).as_posix()
    assert result.returncode != 0
    assert f"{relative}:{correct + 1}: unrecognised line in Quick Check '=> " in result.stderr
    assert "Traceback" not in result.stderr
