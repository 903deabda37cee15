"""Every Quick Check of the site in one index: `quizzes.json` and the progress and practice pages.

MkDocs reads and converts every page before `on_env`, so by then each page's
Quick Checks (left in `page.meta` by hooks/quick_checks.py) are all known. The
index is written to the site as `quizzes.json`, an interface for other tools
(its format is in CONTRIBUTING.md), and handed to the page templates as
`quiz_index`. It lives in the build's own Jinja environment, never in a module
global, so a rebuild under `mkdocs serve` cannot see a stale one.
"""
from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass

from mkdocs.utils import write_file

from quickcheck.model import QuickCheck

JSON_FILE = "quizzes.json"
FORMAT_VERSION = 1
CHECKS_KEY, HTML_KEY = "quick_checks", "quick_checks_html"  # set by hooks/quick_checks.py

LEGEND = re.compile(r'<legend class="qc__question">(.*?)</legend>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Quiz:
    id: str
    check: QuickCheck
    markup: str  # the quiz as rendered on its page; its links are relative to that page

    @property
    def answer(self) -> str:
        return self.check.correct[0].letter

    @property
    def letters(self) -> str:
        return "".join(option.letter for option in self.check.options)

    @property
    def text(self) -> str:
        """The question as plain text, for link texts."""
        found = LEGEND.search(self.markup)
        return " ".join(html.unescape(TAG.sub("", found.group(1))).split()) if found else self.check.question_text


@dataclass(frozen=True)
class QuizPage:
    title: str
    url: str  # relative to the site root, e.g. "questions/04-tokenizers/"
    source: str  # relative to docs/
    quizzes: tuple[Quiz, ...]


class QuizIndex:
    """What the templates see as `quiz_index`."""

    def __init__(self, pages: list[QuizPage]):
        self.pages = pages

    @property
    def count(self) -> int:
        return sum(len(page.quizzes) for page in self.pages)

    def as_json(self) -> dict:
        return {
            "version": FORMAT_VERSION,
            "quizzes": [_quiz_json(quiz, page) for page in self.pages for quiz in page.quizzes],
        }


def on_env(env, config, files):
    index = QuizIndex(_pages(files))
    env.globals["quiz_index"] = index
    text = json.dumps(index.as_json(), ensure_ascii=False, indent=1)
    write_file(text.encode("utf-8"), os.path.join(config.site_dir, JSON_FILE))
    return env


def _pages(files) -> list[QuizPage]:
    pages = []
    for file in files.documentation_pages():
        page = file.page
        checks = (page.meta.get(CHECKS_KEY) or {}) if page else {}
        if checks:
            markup = page.meta[HTML_KEY]
            quizzes = tuple(Quiz(quiz, check, markup[quiz]) for quiz, check in checks.items())
            pages.append(QuizPage(page.title or file.src_uri, page.url, file.src_uri, quizzes))
    return pages


def _quiz_json(quiz: Quiz, page: QuizPage) -> dict:
    check = quiz.check
    return {
        "id": quiz.id,
        "page": page.url,
        "page_title": page.title,
        "source": page.source,
        "line": check.heading_line,
        "heading": check.heading,
        "question": check.question_text,
        "options": [{"letter": o.letter, "text": o.text, "feedback": o.feedback} for o in check.options],
        "answer": quiz.answer,
        "explanation": check.explanation,
    }
