"""Assemble a quiz's HTML from the template and its rendered pieces."""
from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from .markup import Pieces
from .model import QuickCheck

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    return environment.get_template("quick_check.html")


def render(check: QuickCheck, quiz: str, pieces: Pieces) -> str:
    """The quiz markup: readable and answerable with JavaScript off.

    Pieces are trusted HTML (Markdown output of neutralised text); everything
    else is escaped by the template.
    """
    return _template().render(check=check, quiz=quiz, pieces=pieces, answer=check.correct[0])
