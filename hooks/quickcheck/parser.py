"""Find Quick Check blocks in a page's Markdown.

The parser is lenient: it records what it finds, including lines it does not
recognise, and leaves every judgement to `validator.py`.
"""
from __future__ import annotations

import re

from .model import Option, QuickCheck

HEADING = re.compile(r"^#{2,4}[ \t]+(Quick Check\b.*?)[ \t]*#*[ \t]*$")
ANY_HEADING = re.compile(r"^#{1,6}[ \t]")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# Text that every line FENCE or HEADING matches contains (found fast, with str.find).
CANDIDATE = ("```", "~~~", "Quick Check")
OPTION = re.compile(r"^(?:(->)[ \t]*|[ \t]{0,3})([A-Z])\.(?:[ \t]+(.*?))?[ \t]*$")
FEEDBACK = re.compile(r"^[ \t]{4,}>(?:[ \t](.*?))?[ \t]*$")
DETAILS_OPEN = re.compile(r"^[ \t]*<details>[ \t]*$", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"^[ \t]*</details>[ \t]*$", re.IGNORECASE)
SUMMARY = re.compile(r"^[ \t]*<summary>(.*)</summary>[ \t]*$", re.IGNORECASE)


class FenceTracker:
    """Knows whether a line is inside fenced code, so code is never a quiz."""

    def __init__(self) -> None:
        self.fence: str | None = None

    def in_code(self, line: str) -> bool:
        """Feed the next line; true if it opens, closes or lies inside a fence."""
        match = FENCE.match(line)
        if self.fence is None:
            if match:
                self.fence = match.group(1)
            return bool(match)
        stripped = line.strip()
        if (
            match
            and stripped == stripped[0] * len(stripped)
            and stripped[0] == self.fence[0]
            and len(stripped) >= len(self.fence)
        ):
            self.fence = None
        return True


def parse(markdown: str, first_line: int = 1) -> list[QuickCheck]:
    """Every Quick Check in `markdown`; `first_line` is the file line of its first line."""
    lines = markdown.split("\n")
    fences = FenceTracker()
    found = []
    resume = 0  # lines before this one belong to a Quick Check already read
    for index in _candidate_lines(markdown):
        if index < resume:
            continue
        line = lines[index]
        heading = None if fences.in_code(line) else HEADING.match(line)
        if heading:
            block = _read_block(lines, index, first_line, heading.group(1))
            found.append(block)
            resume = block.end
    return found


def _candidate_lines(markdown: str):
    """Indexes of the lines that may open or close a fence or be a Quick Check heading.

    No other line changes a FenceTracker's state or can start a Quick Check,
    so `parse` feeds only these to its tracker: same result, without a Python
    step for every line of the page (the hook runs on every page of the site).
    """
    return lines_containing(CANDIDATE, markdown)


def lines_containing(needles: tuple[str, ...], text: str) -> list[int]:
    """Indexes, in order and once each, of the lines of `text` that contain any of `needles`."""
    starts = set()
    for needle in needles:
        found = text.find(needle)
        while found != -1:
            starts.add(text.rfind("\n", 0, found) + 1)
            found = text.find(needle, found + len(needle))
    indexes, index, position = [], 0, 0
    for start in sorted(starts):
        index += text.count("\n", position, start)
        position = start
        indexes.append(index)
    return indexes


def _read_block(lines: list[str], heading_index: int, first_line: int, heading: str) -> QuickCheck:
    def number(index: int) -> int:
        return first_line + index

    index = _skip_blank(lines, heading_index + 1)
    start = index

    question, question_index = [], index
    while index < len(lines) and lines[index].strip() and not _is_structure(lines[index]):
        question.append(lines[index].strip())
        index += 1

    options: list[dict] = []
    stray: list[tuple[int, str]] = []
    while index < len(lines) and not DETAILS_OPEN.match(lines[index]) and not ANY_HEADING.match(lines[index]):
        line = lines[index]
        option, feedback = OPTION.match(line), FEEDBACK.match(line)
        if option:
            options.append(
                {"letter": option.group(2), "text": (option.group(3) or "").strip(),
                 "correct": bool(option.group(1)), "feedback": [], "line": number(index)}
            )
        elif feedback and options:
            options[-1]["feedback"].append((feedback.group(1) or "").strip())
        elif line.strip():
            stray.append((number(index), line.strip()))
        index += 1

    details_line, summary, explanation, end_line = 0, None, [], 0
    if index < len(lines) and DETAILS_OPEN.match(lines[index]):
        details_line = number(index)
        index = _skip_blank(lines, index + 1)
        found_summary = SUMMARY.match(lines[index]) if index < len(lines) else None
        if found_summary:
            summary = found_summary.group(1).strip()
            index += 1
        fences = FenceTracker()
        while index < len(lines):
            line = lines[index]
            if not fences.in_code(line) and DETAILS_CLOSE.match(line):
                end_line = number(index)
                index += 1
                break
            explanation.append(line)
            index += 1

    return QuickCheck(
        heading=heading,
        heading_line=number(heading_index),
        question=" ".join(question),
        question_line=number(question_index),
        options=tuple(
            Option(o["letter"], o["text"], o["correct"], " ".join(filter(None, o["feedback"])), o["line"])
            for o in options
        ),
        details_line=details_line,
        summary=summary,
        explanation="\n".join(explanation).strip("\n"),
        end_line=end_line,
        stray_lines=tuple(stray),
        start=start,
        end=index,
    )


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _is_structure(line: str) -> bool:
    """Lines that end the question paragraph: an option, feedback, details or a heading."""
    return bool(OPTION.match(line) or FEEDBACK.match(line) or DETAILS_OPEN.match(line) or ANY_HEADING.match(line))
