"""Tell the reader what the test suite does with a question page's code.

A `<!-- not-run: reason -->` line before a fence becomes a short visible note,
and every question page (front matter `number`) gets a line naming the
library versions from `requirements-examples.txt`: "tested with" when the
page has samples the tests execute, "checked against" otherwise.
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from quickcheck.parser import FenceTracker, lines_containing

REQUIREMENTS = "requirements-examples.txt"
NOT_RUN = re.compile(r"^([ \t]*)<!--[ \t]*not-run:(.*?)-->[ \t]*$")
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")
H1 = re.compile(r"^#[ \t]+\S")
CANDIDATE = ("```", "~~~", "not-run:")  # in every fence or marker line
PYTHON_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*\{?[ \t]*\.?(python3?|py)\b")


def on_config(config):
    path = Path(config.config_file_path).parent / REQUIREMENTS
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PluginError(f"{REQUIREMENTS}: cannot read the pinned library versions: {error}") from error
    config.extra["library_versions"] = dict(PIN.match(line).groups() for line in text.splitlines() if PIN.match(line))
    return config


def on_page_markdown(markdown, *, page, config, files):
    lines = markdown.split("\n")
    executed = _mark_not_run(lines)
    if "number" in page.meta:
        _add_version_line(lines, config.extra["library_versions"], executed)
    return "\n".join(lines)


def _mark_not_run(lines: list[str]) -> int:
    """Turn markers into notes in place; return how many Python blocks will be executed.

    A marker counts for the fence that opens on the very next line. Only fence
    and marker lines are looked at: no other line changes whether a line is
    code, or can hold a marker.
    """
    fences, executed, marked = FenceTracker(), 0, None  # marked: index of the last marker outside code
    for index in _candidate_lines(lines):
        line = lines[index]
        opening = fences.fence is None
        if not fences.in_code(line):
            marker = NOT_RUN.match(line)
            if marker:
                note = marker.group(2).strip().replace("<", "&lt;").rstrip(".")
                lines[index] = f"{marker.group(1)}*Not run by the guide's tests: {note}.*{{: .sample-note }}\n"
                marked = index
            continue
        if opening and PYTHON_FENCE.match(line) and marked != index - 1:
            executed += 1
    return executed


def _candidate_lines(lines: list[str]):
    """Indexes of the lines that may be a fence or a not-run marker."""
    return lines_containing(CANDIDATE, "\n".join(lines))


def _add_version_line(lines: list[str], versions: dict[str, str], executed: int) -> None:
    verb = "Samples tested with" if executed else "Checked against"
    pins = ", ".join(f"{name} {version}" for name, version in versions.items())
    paragraph = f"\n{verb} {pins}.\n{{: .page-versions }}\n"
    fences = FenceTracker()
    for index, text in enumerate(lines):
        if not fences.in_code(text) and H1.match(text):
            lines.insert(index + 1, paragraph)
            return
    lines.insert(0, paragraph)
