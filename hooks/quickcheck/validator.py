"""The rules a Quick Check must follow, as problems a contributor can act on."""
from __future__ import annotations

from string import ascii_uppercase

from .model import Problem, QuickCheck

SYNTAX_HINT = "options are '   A. text', the correct one '-> A. text', feedback '      > why'"


def validate(check: QuickCheck) -> list[Problem]:
    """Every rule `check` breaks, each pinned to the line to fix."""
    problems = [Problem(line, f"unrecognised line in Quick Check {text!r}: {SYNTAX_HINT}")
                for line, text in check.stray_lines]
    problems += _question(check) + _options(check) + _explanation(check)
    return sorted(problems, key=lambda problem: problem.line)


def _question(check: QuickCheck) -> list[Problem]:
    if not check.question:
        return [Problem(check.heading_line, "Quick Check has no question: write it in bold on the line after the heading")]
    text = check.question.strip()
    if not (text.startswith("**") and text.endswith("**") and check.question_text):
        return [Problem(check.question_line, "the question must be one bold paragraph, **like this?**")]
    return []


def _options(check: QuickCheck) -> list[Problem]:
    options = check.options
    if len(options) < 2:
        return [Problem(check.heading_line, f"Quick Check needs at least two options, found {len(options)}")]
    problems = []
    seen: dict[str, str] = {}
    for expected, option in zip(ascii_uppercase, options):
        if option.letter != expected:
            problems.append(Problem(option.line, f"option {option.letter} should be {expected}: letters run A, B, C... in order"))
        if not option.text:
            problems.append(Problem(option.line, f"option {option.letter} has no text"))
            continue
        key = " ".join(option.text.casefold().split())
        if key in seen:
            problems.append(Problem(option.line, f"option {option.letter} repeats the text of option {seen[key]}"))
        seen.setdefault(key, option.letter)
    correct = check.correct
    if not correct:
        problems.append(Problem(check.heading_line, "Quick Check has no correct option: mark exactly one with '-> '"))
    for extra in correct[1:]:
        problems.append(Problem(extra.line, f"option {extra.letter} is a second correct option: mark exactly one with '-> '"))
    return problems


def _explanation(check: QuickCheck) -> list[Problem]:
    if not check.details_line:
        return [Problem(check.heading_line, "Quick Check has no explanation: add <details>, <summary>Answer</summary>, the explanation and </details>")]
    problems = []
    if check.summary is None:
        problems.append(Problem(check.details_line, "<details> must be followed by a <summary>...</summary> line"))
    if not check.end_line:
        problems.append(Problem(check.details_line, "<details> is never closed: add </details> after the explanation"))
    if not check.explanation.strip():
        problems.append(Problem(check.details_line, "the explanation inside <details> is empty"))
    return problems
