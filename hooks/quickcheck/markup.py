"""Hand a Quick Check's text to the page's own Markdown converter, and take it back.

The question, the options and their feedback go in as the items of one tight
list, and the explanation as the blocks after it, between marker comments, so
the page's converter renders them with the page's extensions and link checks.
`pieces()` then cuts the rendered HTML at the markers and the list items. One
list rather than a paragraph per piece keeps the conversion close to what the
same text costs without the hook (bench/run). The text is neutralised first:
raw HTML and attribute lists are escaped outside code, so a piece can add no
markup that Markdown itself does not make, and no text can forge a marker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import QuickCheck
from .parser import FenceTracker

MARKER = re.compile(r"<!--qc:(qc-[0-9a-f]+):(items|explanation|end)-->")
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
# What turns one line of a list item into a block: a heading, quote, list,
# fence, rule, admonition, details or tab (raw HTML is escaped anyway).
BLOCK_START = re.compile(r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d+[.)](?:\s|$)|`{3}|~{3}|[!?=]{3}|([-*_])(?: *\1){2,} *$)")
ITEMS = re.compile(r"<ul>\n<li>(.*)</li>\n</ul>", re.DOTALL)
ITEM_BREAK = "</li>\n<li>"


@dataclass
class Pieces:
    """The rendered HTML of one quiz's pieces, keyed by option letter where needed."""

    question: str = ""
    options: dict[str, str] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)
    explanation: str = ""


def to_markdown(check: QuickCheck, quiz: str) -> str:
    """The Markdown that stands in the page for the quiz until its HTML is built."""
    items = [_inline(text) for _, _, text in _layout(check)]
    return (f"{_marker(quiz, 'items')}\n\n" + "\n".join(f"- {item}" for item in items)
            + f"\n\n{_marker(quiz, 'explanation')}\n\n{_neutralise_block(check.explanation)}\n\n{_marker(quiz, 'end')}\n")


def pieces(html: str, checks: dict[str, QuickCheck]) -> dict[str, tuple[tuple[int, int], Pieces]]:
    """For each quiz of `checks` found intact in `html`: the span its markers cover and its rendered pieces.

    A quiz whose markers or list items did not come through as they went in
    is left out, for the caller to report.
    """
    found: dict[str, tuple[tuple[int, int], Pieces]] = {}
    markers = list(MARKER.finditer(html))
    for first, middle, last in zip(markers, markers[1:], markers[2:]):
        quiz = first.group(1)
        if [m.groups() for m in (first, middle, last)] != [(quiz, "items"), (quiz, "explanation"), (quiz, "end")]:
            continue
        listed = ITEMS.fullmatch(html[first.end():middle.start()].strip())
        layout = _layout(checks[quiz]) if quiz in checks else []
        items = listed.group(1).split(ITEM_BREAK) if listed else []
        if not layout or len(items) != len(layout):
            continue
        content = Pieces(explanation=html[middle.end():last.start()].strip())
        for (kind, letter, _), item in zip(layout, items):
            if kind == "question":
                content.question = item
            else:
                getattr(content, kind)[letter] = item
        found[quiz] = ((first.start(), last.end()), content)
    return found


def _layout(check: QuickCheck) -> list[tuple[str, str, str]]:
    """The inline pieces in list order: (kind, letter, Markdown text)."""
    layout = [("question", "", check.question_text)]
    for option in check.options:
        layout.append(("options", option.letter, option.text))
        if option.feedback:
            layout.append(("feedback", option.letter, option.feedback))
    return layout


def _marker(quiz: str, kind: str) -> str:
    return f"<!--qc:{quiz}:{kind}-->"


def _inline(text: str) -> str:
    """One line of inline Markdown that can never turn into a block (heading, list...)."""
    text = _neutralise(" ".join(text.split()))
    if BLOCK_START.match(text):
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


def _neutralise(text: str) -> str:
    """Escape raw HTML and attribute lists, leaving code spans as they are."""
    if "<" not in text and "{" not in text:
        return text  # nothing to escape, inside code spans or out
    out, last = [], 0
    for span in CODE_SPAN.finditer(text):
        out += [_escape(text[last:span.start()]), span.group(0)]
        last = span.end()
    out.append(_escape(text[last:]))
    return "".join(out)


def _escape(prose: str) -> str:
    return prose.replace("<", "&lt;").replace("{", "\\{")


def _neutralise_block(text: str) -> str:
    """`_neutralise` for block Markdown: fenced code is left alone."""
    fences = FenceTracker()
    out, prose = [], []
    for line in text.split("\n"):
        if fences.in_code(line):
            if prose:
                out.append(_neutralise("\n".join(prose)))
                prose = []
            out.append(line)
        else:
            prose.append(line)
    if prose:
        out.append(_neutralise("\n".join(prose)))
    return "\n".join(out)
