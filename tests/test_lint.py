"""The guide's prose passes codespell and the admonition-aware Markdown lint, and the lint catches what it should."""
import shutil

import pytest

import lint_docs
from conftest import REPO
from new_question import render_page


def test_docs_spelling_is_clean():
    assert lint_docs.spelling() == []


def test_docs_markdown_lint_is_clean():
    assert lint_docs.markdown() == []


@pytest.fixture
def project(tmp_path):
    """An empty project with the repository's lint configuration."""
    for name in (lint_docs.CONFIG, ".codespellrc", ".codespell-words.txt"):
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / "docs").mkdir()
    return tmp_path


def lint(project, text):
    (project / "docs" / "page.md").write_text(text, encoding="utf-8")
    return lint_docs.markdown(project)


PAGE = """\
---
number: 1
---

# A question?

Intro.

{body}"""


def test_admonition_bodies_are_linted_as_markdown_at_their_source_line(project):
    body = '!!! success "Senior Engineer Approach"\n    Some text.\n\n    ```\n    no language\n    ```\n'
    findings = lint(project, PAGE.format(body=body))
    assert [f.split(" ")[0:2] for f in findings] == [["docs/page.md:12:", "MD040"]]


def test_nested_admonitions_and_tabs_are_not_code_blocks(project):
    body = (
        '!!! tip\n    First paragraph.\n\n    ??? info "More"\n        Text.\n\n        More text.\n\n'
        '=== "Tab"\n    Paragraph.\n\n    - a list\n    - in a tab\n'
    )
    assert lint(project, PAGE.format(body=body)) == []


def test_indented_code_outside_admonitions_is_flagged(project):
    findings = lint(project, PAGE.format(body="    indented code\n"))
    assert [f.split(" ")[1] for f in findings] == ["MD046"]


def test_not_run_marker_belongs_to_its_fence_but_a_fence_after_text_is_flagged(project):
    marked = "<!-- not-run: needs a GPU -->\n```python\nx = 1\n```\n"
    assert lint(project, PAGE.format(body=marked)) == []
    findings = lint(project, PAGE.format(body="Text.\n```python\nx = 1\n```\n"))
    assert [f.split(" ")[0:2] for f in findings] == [["docs/page.md:10:", "MD031"]]


def test_a_scaffolded_page_with_its_quick_checks_lints_clean(project):
    page = render_page(1, "A title", "A question?", "Conceptual", "Ecosystem", ["hub"])
    assert lint(project, page) == []


def test_spelling_uses_the_project_word_list(project):
    (project / "docs" / "page.md").write_text("Report ROUGE scores, not teh loss.\n", encoding="utf-8")
    assert lint_docs.spelling(project) == ["docs/page.md:1: teh ==> the"]


def test_command_line_fails_on_findings_and_rejects_unknown_checks(monkeypatch, capsys):
    monkeypatch.setitem(lint_docs.CHECKS, "spelling", lambda: ["docs/x.md:1: teh ==> the"])
    assert lint_docs.main(["spelling"]) == 1
    assert capsys.readouterr().out == "docs/x.md:1: teh ==> the\n"
    assert lint_docs.main(["speling"]) == 2
