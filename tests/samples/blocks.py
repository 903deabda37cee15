"""The fenced code blocks of a Markdown page, as the sample tests see them.

`parse(text, page)` returns a `Page`: every top-level fenced block (in the
order of the page, with the line of its opening fence, counted from 1 like an
editor), and the problems found on the way (a malformed or misplaced
`<!-- not-run: reason -->` marker, an unclosed fence).

- A fence is three or more backticks or tildes, possibly indented (blocks in
  admonitions, tabs and lists); the block's lines lose the fence's indentation.
  It is closed by a line of the same character, at least as long, and nothing
  else. Fences inside a block are its content, not blocks: a ````markdown
  example showing a ```python fence holds no Python block.
- The language is the first word of the info string (```python title="x"),
  or its first class (```{.python title="x"}), lowercased.
- A marker on the line right before an opening fence gives the block its
  `not_run_reason`; `None` means unmarked.
- A ```text title="Output" block that follows a Python block, with only blank
  lines between, is that block's `expected_output`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

PYTHON = frozenset({"python", "py", "python3"})
SHELL = frozenset({"bash", "sh", "shell", "console", "zsh"})

OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
CLOSE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*$")
MARKER = re.compile(r"^[ \t]*<!--[ \t]*not-run:(?P<reason>.*?)-->[ \t]*$")
# Anything that looks like an attempt at a marker, to report typos instead of ignoring them.
MARKER_LIKE = re.compile(r"^[ \t]*<!--[ \t]*not[-_ ]?run", re.IGNORECASE)
OUTPUT_TITLE = re.compile(r"""\btitle[ \t]*=[ \t]*(["'])Output\1""")


@dataclass(frozen=True)
class Block:
    page: str
    line: int                    # the opening fence's line, from 1
    language: str                # "" when the fence names none
    code: str                    # the lines between the fences, without the fence's indentation
    not_run_reason: str | None = None
    expected_output: str | None = None
    output_line: int | None = None   # the Output block's opening fence
    info: str = ""
    end_line: int | None = None  # the closing fence's line

    @property
    def is_python(self) -> bool:
        return self.language in PYTHON

    @property
    def is_shell(self) -> bool:
        return self.language in SHELL

    @property
    def marked(self) -> bool:
        return self.not_run_reason is not None

    @property
    def is_output(self) -> bool:
        return self.language == "text" and bool(OUTPUT_TITLE.search(self.info))

    @property
    def first_code_line(self) -> int:
        return self.line + 1


@dataclass(frozen=True)
class Problem:
    page: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}"


@dataclass
class Page:
    page: str
    blocks: list[Block] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def python_blocks(self) -> list[Block]:
        return [block for block in self.blocks if block.is_python]

    @property
    def executed(self) -> list[Block]:
        return [block for block in self.python_blocks if not block.marked]

    @property
    def marked(self) -> list[Block]:
        return [block for block in self.python_blocks if block.marked]


def language_of(info: str) -> str:
    info = info.strip()
    if info.startswith("{"):
        found = re.search(r"(?:^|\s|\{)\.([A-Za-z0-9_+-]+)", info)
        return found.group(1).lower() if found else ""
    found = re.match(r"[^\s{]+", info)
    return found.group(0).lower().lstrip(".") if found else ""


def parse(text: str, page: str = "<string>") -> Page:
    lines = text.split("\n")
    result = Page(page)
    index = 0
    pending: tuple[int, str] | None = None  # (line index, reason) of a marker awaiting its fence

    def problem(line_index: int, message: str) -> None:
        result.problems.append(Problem(page, line_index + 1, message))

    while index < len(lines):
        line = lines[index]
        opening = OPEN.match(line)
        if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            reason = None
            if pending is not None and pending[0] == index - 1:
                reason = pending[1]
            pending = None
            block, index = _read_block(lines, index, opening, page, reason, problem)
            result.blocks.append(block)
            continue
        if pending is not None:
            problem(pending[0], "not-run marker is not on the line right before an opening fence")
            pending = None
        marker = MARKER.match(line)
        if marker:
            reason = marker["reason"].strip()
            if not reason:
                problem(index, "not-run marker without a reason: write <!-- not-run: why it cannot run -->")
            pending = (index, reason)
        elif MARKER_LIKE.search(line):
            problem(index, "malformed not-run marker: write <!-- not-run: reason --> alone on its line")
        index += 1
    if pending is not None:
        problem(pending[0], "not-run marker is not on the line right before an opening fence")
    result.blocks = _attach_outputs(result.blocks, lines)
    return result


def parse_file(path: Path, root: Path | None = None) -> Page:
    """Parse the Markdown file at `path`; the page is named by its path relative to `root`."""
    path = Path(path)
    name = path.relative_to(root).as_posix() if root is not None else path.as_posix()
    return parse(path.read_text(encoding="utf-8"), name)


def _read_block(lines, start, opening, page, reason, problem) -> tuple[Block, int]:
    fence, indent = opening["fence"], _width(opening["indent"])
    body = []
    index = start + 1
    while index < len(lines):
        closing = CLOSE.match(lines[index])
        if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence):
            break
        body.append(_dedent(lines[index], indent))
        index += 1
    else:
        problem(start, f"the fence opened here ({fence}) is never closed")
        if body and not body[-1]:  # the empty string after the file's last newline
            body.pop()
    end = index if index < len(lines) else None
    code = "\n".join(body) + ("\n" if body else "")
    info = opening["info"]
    block = Block(page=page, line=start + 1, language=language_of(info), code=code,
                  not_run_reason=reason, info=info,
                  end_line=end + 1 if end is not None else None)
    return block, index + 1


def _attach_outputs(blocks: list[Block], lines: list[str]) -> list[Block]:
    attached = list(blocks)
    for position, block in enumerate(blocks[:-1]):
        following = blocks[position + 1]
        if not (block.is_python and following.is_output and block.end_line is not None):
            continue
        between = lines[block.end_line:following.line - 1]
        if all(not text.strip() for text in between):
            attached[position] = replace(block, expected_output=following.code,
                                         output_line=following.line)
    return attached


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def _dedent(line: str, width: int) -> str:
    """Remove up to `width` columns of leading whitespace (tabs count to the next multiple of 4)."""
    column = 0
    for position, char in enumerate(line):
        if column >= width or char not in " \t":
            return line[position:]
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return ""
