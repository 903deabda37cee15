"""MkDocs glue: Quick Check blocks in the Markdown become quizzes in the HTML.

`on_page_markdown` parses and validates every block (failing the build with
`docs/PAGE.md:LINE: problem`) and swaps it for marked-up pieces that the
page's own converter renders; `on_page_content` assembles those pieces into
the quiz markup, and `on_post_page` puts that markup into the finished page.

Between the two, `page.content` holds only a stand-in with the question,
which is what the search plugin indexes: the options (wrong ones on purpose)
and the answers stay out of search results, and the search plugin does not
spend time parsing form markup (about 5 % of a build, bench/run).
"""
from __future__ import annotations

import os

from mkdocs.exceptions import PluginError

from quickcheck import markup, parser, renderer, validator
from quickcheck.model import Problem, quiz_id

META_KEY = "quick_checks"
HTML_KEY = "quick_checks_html"  # id -> the quiz's rendered markup, for hooks/quiz_index.py
STAND_IN_END = "<!--/quick-check-->"


def on_page_markdown(markdown, *, page, config, files):
    checks = parser.parse(markdown, first_line=_first_line(page))
    if not checks:
        return None
    ids = [quiz_id(page.file.src_uri, check.question_text) for check in checks]
    problems = [problem for check in checks for problem in validator.validate(check)]
    problems += _repeated_questions(checks, ids)
    if problems:
        where = _source_path(page, config)
        raise PluginError("\n".join(f"{where}:{p.line}: {p.message}" for p in sorted(problems, key=lambda p: p.line)))

    lines, out, last = markdown.split("\n"), [], 0
    for check, quiz in zip(checks, ids):
        out += lines[last:check.start] + [markup.to_markdown(check, quiz)]
        last = check.end
    page.meta[META_KEY] = dict(zip(ids, checks))
    return "\n".join(out + lines[last:])


def on_page_content(html, *, page, config, files):
    checks = page.meta.get(META_KEY)
    if not checks:
        return None
    found = markup.pieces(html, checks)
    lost = [quiz for quiz in checks if quiz not in found]
    if lost:
        line = checks[lost[0]].heading_line
        raise PluginError(f"{_source_path(page, config)}:{line}: the Quick Check's markup was lost in conversion; keep it at the top level of the page")
    rendered = {quiz: renderer.render(checks[quiz], quiz, pieces) for quiz, (_, pieces) in found.items()}
    out, last = [], 0
    for quiz, ((start, end), pieces) in found.items():  # in page order
        out += [html[last:start], _stand_in(quiz), "<p>", pieces.question, "</p>", STAND_IN_END]
        last = end
    page.meta[HTML_KEY] = rendered
    return "".join(out) + html[last:]


def on_post_page(output, *, page, config):
    rendered = page.meta.get(HTML_KEY)
    if not rendered:
        return None
    out, last = [], 0
    for quiz, markup in rendered.items():  # in page order
        start = output.find(_stand_in(quiz), last)
        end = output.find(STAND_IN_END, start) if start >= 0 else -1
        if end < 0:
            line = page.meta[META_KEY][quiz].heading_line
            raise PluginError(f"{_source_path(page, config)}:{line}: the page's template did not show the Quick Check; does it render page.content?")
        out += [output[last:start], markup]
        last = end + len(STAND_IN_END)
    return "".join(out) + output[last:]


def _stand_in(quiz: str) -> str:
    return f"<!--quick-check:{quiz}-->"


def _source_path(page, config) -> str:
    """The page as a contributor finds it in the repository, e.g. docs/questions/x.md."""
    return os.path.relpath(page.file.abs_src_path, os.path.dirname(config.config_file_path))


def _first_line(page) -> int:
    """The file line on which the Markdown body starts, after the front matter.

    MkDocs has already cut the front matter off `page.markdown` (it assigns
    the events' result only after the last hook), so no YAML is parsed again.
    """
    source, body = page.file.content_string, page.markdown
    return source[: len(source) - len(body)].count("\n") + 1 if source.endswith(body) else 1


def _repeated_questions(checks, ids) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for check, quiz in zip(checks, ids):
        if quiz in first:
            problems.append(Problem(check.question_line, f"this question repeats the Quick Check at line {first[quiz]}"))
        first.setdefault(quiz, check.heading_line)
    return problems
