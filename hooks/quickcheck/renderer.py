"""Assemble a quiz's HTML from its check and its rendered pieces.

Plain string building rather than a template engine: a quiz is rendered
thousands of times in a large build, and the only values that are not
already HTML (the id, option letters, summary) are escaped here.
"""
from __future__ import annotations

from html import escape

from .markup import Pieces
from .model import QuickCheck


def render(check: QuickCheck, quiz: str, pieces: Pieces) -> str:
    """The quiz markup: readable and answerable with JavaScript off.

    Pieces are trusted HTML (Markdown output of neutralised text).
    """
    quiz = escape(quiz)
    answer = escape(check.correct[0].letter)
    lines = [
        f'<form class="qc" id="{quiz}" data-qc-answer="{answer}" novalidate>',
        '<fieldset class="qc__fieldset">',
        f'<legend class="qc__question">{pieces.question}</legend>',
    ]
    for option in check.options:
        letter = escape(option.letter)
        lines += [
            '<div class="qc__option">',
            f'<input class="qc__radio" type="radio" name="{quiz}" id="{quiz}-{letter}" value="{letter}">',
            f'<label class="qc__label" for="{quiz}-{letter}"><span class="qc__letter">{letter}.</span> '
            f'<span class="qc__text">{pieces.options[option.letter]}</span></label>',
            "</div>",
        ]
    lines += [
        "</fieldset>",
        '<div class="qc__actions" hidden>',
        '<button class="md-button md-button--primary qc__check" type="submit">Check</button>',
        '<button class="md-button qc__retry" type="button" hidden>Try again</button>',
        "</div>",
        '<div class="qc__feedback" role="status" aria-atomic="true"></div>',
        '<details class="qc__answer" data-search-exclude>',
        f"<summary>{escape(check.summary)}</summary>",
        f'<p class="qc__solution">Answer: <strong>{answer}.</strong> {pieces.options[check.correct[0].letter]}</p>',
        pieces.explanation,
    ]
    why = [option for option in check.options if option.letter in pieces.feedback]
    if why:
        lines.append('<ul class="qc__why">')
        lines += [f'<li data-qc-option="{escape(o.letter)}"><strong>{escape(o.letter)}.</strong> '
                  f'<span class="qc__why-text">{pieces.feedback[o.letter]}</span></li>' for o in why]
        lines.append("</ul>")
    lines += ["</details>", "</form>"]
    return "\n".join(lines)
