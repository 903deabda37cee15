"""Hand a Quick Check's text to the page's own Markdown converter, and take it back.

Each piece (question, options, feedback, explanation) is written between
marker comments, so the page's converter renders it with the page's
extensions and link checks. `pieces()` then cuts the rendered HTML at the
markers. The text is neutralised first: raw HTML and attribute lists are
escaped outside code, so a piece can add no markup that Markdown itself does
not make, and no text can forge a marker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import QuickCheck
from .parser import FenceTracker

MARKER = re.compile(r"<!--qc:(qc-[0-9a-f]+):(question|option|feedback|explanation|end)(?::([A-Z]))?-->")
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
BLOCK_START = re.compile(r"^(?:[#>+*\-!?=|:~]|`{3}|\d+[.)])")


@dataclass
class Pieces:
    """The rendered HTML of one quiz's pieces, keyed by option letter where needed."""

    question: str = ""
    options: dict[str, str] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)
    explanation: str = ""


def to_markdown(check: QuickCheck, quiz: str) -> str:
    """The Markdown that stands in the page for the quiz until its HTML is built."""
    parts = [_marker(quiz, "question"), _inline(check.question_text)]
    for option in check.options:
        parts += [_marker(quiz, "option", option.letter), _inline(option.text)]
        if option.feedback:
            parts += [_marker(quiz, "feedback", option.letter), _inline(option.feedback)]
    parts += [_marker(quiz, "explanation"), _neutralise_block(check.explanation), _marker(quiz, "end")]
    return "\n\n".join(parts) + "\n"


def pieces(html: str) -> dict[str, tuple[tuple[int, int], Pieces]]:
    """For each quiz id in `html`: the span its markers cover and its rendered pieces."""
    found: dict[str, tuple[tuple[int, int], Pieces]] = {}
    markers = list(MARKER.finditer(html))
    for marker, following in zip(markers, markers[1:] + [None]):
        quiz, kind, letter = marker.groups()
        span_start, content = found.get(quiz, ((marker.start(), 0), Pieces()))
        if kind == "end":
            found[quiz] = ((span_start[0], marker.end()), content)
            continue
        text = html[marker.end(): following.start() if following else len(html)].strip()
        if kind == "question":
            content.question = _unwrap(text)
        elif kind == "option":
            content.options[letter] = _unwrap(text)
        elif kind == "feedback":
            content.feedback[letter] = _unwrap(text)
        else:
            content.explanation = text
        found[quiz] = (span_start, content)
    return found


def _marker(quiz: str, kind: str, letter: str = "") -> str:
    return f"<!--qc:{quiz}:{kind}{':' + letter if letter else ''}-->"


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


def _unwrap(html: str) -> str:
    """The inside of a lone paragraph: questions and options go inside <legend>/<label>."""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
