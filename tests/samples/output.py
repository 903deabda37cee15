"""Compare what a block printed with the Output block the page shows.

Doctest rules with ELLIPSIS: `...` in the expected text matches any text,
including nothing and several lines. Trailing whitespace on each line and
blank lines at the end are ignored on both sides; everything else must match.
"""
from __future__ import annotations

import difflib
import doctest

_CHECKER = doctest.OutputChecker()


def normalise(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def matches(expected: str, printed: str) -> bool:
    return _CHECKER.check_output(normalise(expected), normalise(printed), doctest.ELLIPSIS)


def explain(expected: str, printed: str, indent: str = "    ") -> str:
    """A readable account of a mismatch: both texts, then a diff."""
    want, got = normalise(expected), normalise(printed)
    parts = ["expected (the Output block):", _indented(want, indent) or f"{indent}(nothing)",
             "printed:", _indented(got, indent) or f"{indent}(nothing)"]
    diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), "expected", "printed",
                                     lineterm="", n=1))
    if diff:
        parts += ["diff:", _indented("\n".join(diff), indent)]
    return "\n".join(parts)


def _indented(text: str, indent: str) -> str:
    return "\n".join(indent + line for line in text.splitlines())
