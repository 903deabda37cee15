"""The data that flows from the parser to the validator and the renderer."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    letter: str
    text: str
    correct: bool
    feedback: str
    line: int


@dataclass(frozen=True)
class QuickCheck:
    """One Quick Check as written; line numbers count from 1 in the source file.

    `start` and `end` delimit (0-based, end exclusive) the lines of the page's
    Markdown that the quiz replaces: from the question to `</details>`. The
    heading stays in the page so the table of contents keeps it.
    """

    heading: str
    heading_line: int
    question: str
    question_line: int
    options: tuple[Option, ...]
    details_line: int
    summary: str | None
    explanation: str
    end_line: int
    stray_lines: tuple[tuple[int, str], ...]
    start: int
    end: int

    @property
    def correct(self) -> tuple[Option, ...]:
        return tuple(option for option in self.options if option.correct)

    @property
    def question_text(self) -> str:
        """The question without the bold markers that set it apart in the source."""
        text = self.question.strip()
        if len(text) > 4 and text.startswith("**") and text.endswith("**"):
            return text[2:-2].strip()
        return text


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def quiz_id(page_key: str, question: str) -> str:
    """An id that survives edits elsewhere on the page.

    It depends only on the page and the question text, so inserting or
    reordering Quick Checks keeps every other quiz's saved answer.
    """
    digest = hashlib.sha1(f"{page_key}\0{' '.join(question.split())}".encode()).hexdigest()
    return f"qc-{digest[:10]}"
