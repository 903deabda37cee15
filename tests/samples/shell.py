"""Check the command lines of shell blocks against the pinned `hf` command line.

`hf_commands(page)` finds every `hf ...` command in the page's bash, sh,
shell, zsh and console blocks (in console blocks only the lines after a `$ `
prompt are commands; continued lines are joined, and `&&`, `||`, `;` and `|`
separate commands). Its `words` are the command words after `hf`, up to the
first option or argument that cannot be a command word (`hf repos create
my-org/x --private` gives `repos create`).

`Checker.check(words)` resolves them as the installed `hf` does, by running
`hf <words...> --help` (offline, each prefix once): it descends while the
command is a group, and reports a word the group does not know. The words left
over after a leaf command are its arguments.

`legacy_cli(page_text)` finds the `huggingface-cli` name, which the pinned
huggingface_hub no longer has, in code blocks and in inline code spans that
run it (`huggingface-cli login`); a bare mention of the old name in prose is
allowed.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .blocks import OPEN, CLOSE, Block, Page

COMMAND_WORD = re.compile(r"^[a-z][a-z0-9-]*$")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
SEPARATORS = {"&&", "||", ";", "|", "&", ";;", "|&", "(", ")"}
PROMPT = re.compile(r"^(?:\([^)]*\)\s*)?\$ ?")
LEGACY = "huggingface-cli"
LEGACY_INLINE = re.compile(r"`\s*huggingface-cli\s+[^`\s]")


@dataclass(frozen=True)
class HfCommand:
    page: str
    line: int          # the line in the Markdown file
    text: str          # the command as written, continuations joined
    words: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


def command_lines(code: str, language: str) -> list[tuple[int, str]]:
    """(offset of the first line in the block, command text) for each command line of a shell block."""
    found = []
    current, start = None, 0
    for offset, raw in enumerate(code.split("\n")):
        line = raw.rstrip()
        if current is None:
            stripped = line.lstrip()
            if language == "console":
                prompt = PROMPT.match(stripped)
                if not prompt:
                    continue
                stripped = stripped[prompt.end():]
            else:
                prompt = PROMPT.match(stripped)
                if prompt and stripped.startswith("$"):
                    stripped = stripped[prompt.end():]
            if not stripped or stripped.startswith("#"):
                continue
            current, start = stripped, offset
        else:
            current += " " + line.strip()
        if current.endswith("\\"):
            current = current[:-1].rstrip()
            continue
        found.append((start, current))
        current = None
    if current is not None:
        found.append((start, current))
    return found


def split_commands(text: str) -> list[list[str]]:
    """The simple commands of a command line, as argument lists."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    try:
        tokens = list(lexer)
    except ValueError:  # unbalanced quotes: fall back to whitespace
        tokens = text.split()
    commands, current = [], []
    for token in tokens:
        if token in SEPARATORS:
            if current:
                commands.append(current)
            current = []
        else:
            current.append(token)
    if current:
        commands.append(current)
    return commands


def hf_words(argv: list[str]) -> tuple[str, ...] | None:
    """The command words after `hf` if `argv` runs `hf`, else None."""
    position = 0
    while position < len(argv) and ASSIGNMENT.match(argv[position]):
        position += 1
    if position >= len(argv) or argv[position] != "hf":
        return None
    words = []
    for word in argv[position + 1:]:
        if not COMMAND_WORD.match(word):
            break
        words.append(word)
    return tuple(words)


def hf_commands(page: Page) -> list[HfCommand]:
    found = []
    for block in page.blocks:
        if not block.is_shell:
            continue
        for offset, text in command_lines(block.code, block.language):
            for argv in split_commands(text):
                words = hf_words(argv)
                if words is not None:
                    found.append(HfCommand(page.page, block.first_code_line + offset, text, words))
    return found


def legacy_cli(text: str, page: str = "<string>") -> list[tuple[int, str]]:
    """(line, text) of each use of `huggingface-cli` in code blocks or inline code that runs it."""
    found = []
    fence = None
    for number, line in enumerate(text.split("\n"), start=1):
        if fence is None:
            opening = OPEN.match(line)
            if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
                fence = opening["fence"]
                continue
            if LEGACY_INLINE.search(line):
                found.append((number, line.strip()))
            continue
        closing = CLOSE.match(line)
        if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence):
            fence = None
        elif LEGACY in line:
            found.append((number, line.strip()))
    return found


def hf_executable() -> Path:
    """The `hf` of the environment running the tests (the pinned huggingface_hub)."""
    return Path(sys.executable).parent / "hf"


class Checker:
    """Resolves `hf` command words by running `hf ... --help`; every prefix runs once."""

    def __init__(self, executable: Path | None = None, env: dict[str, str] | None = None,
                 known: dict[tuple[str, ...], tuple[int, str]] | None = None):
        self.executable = Path(executable or hf_executable())
        self.env = env
        self._help: dict[tuple[str, ...], tuple[int, str]] = dict(known or {})

    def dump(self) -> dict[str, list]:
        """The `--help` results so far, as JSON-friendly data for `load` (the tests keep them in
        pytest's cache, keyed by the huggingface_hub version, so a re-run starts no `hf`)."""
        return {json.dumps(list(words)): [code, text] for words, (code, text) in self._help.items()}

    @staticmethod
    def load(data: dict[str, list]) -> dict[tuple[str, ...], tuple[int, str]]:
        return {tuple(json.loads(words)): (code, text) for words, (code, text) in data.items()}

    def help(self, words: tuple[str, ...]) -> tuple[int, str]:
        """(exit code, output) of `hf <words> --help`."""
        if words not in self._help:
            result = subprocess.run(
                [str(self.executable), *words, "--help"], capture_output=True, text=True,
                env=self.env, stdin=subprocess.DEVNULL, timeout=120,
            )
            self._help[words] = (result.returncode, result.stdout + result.stderr)
        return self._help[words]

    def prefetch(self, commands, workers: int = 6) -> None:
        """Run the `--help` calls that checking `commands` may need, all at once, in parallel.

        Every prefix of every command's words: one round instead of one per level (each `hf`
        start costs about a second). A prefix past a leaf command (`hf download gpt2`) is a
        wasted call, but still a valid one."""
        from concurrent.futures import ThreadPoolExecutor

        prefixes = {words[:depth] for words in commands for depth in range(len(words) + 1)}
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(self.help, sorted(prefixes - set(self._help))))

    def is_group(self, words: tuple[str, ...]) -> bool:
        code, text = self.help(words)
        usage = next((line for line in text.splitlines() if line.startswith("Usage:")), "")
        return code == 0 and "COMMAND" in usage

    def check(self, words: tuple[str, ...]) -> str | None:
        """None if `hf <words>` names a command of the installed hf; else what is wrong."""
        path: tuple[str, ...] = ()
        for word in words:
            if not self.is_group(path):
                break
            code, text = self.help(path + (word,))
            if code != 0:
                return f"`hf {' '.join(path + (word,))}` is not a command here: {_error_line(text)}"
            path += (word,)
        code, text = self.help(path)
        if code != 0:
            return f"`hf {' '.join(path)} --help` failed: {_error_line(text)}"
        return None


def offline_env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"))}
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               HF_HUB_DISABLE_TELEMETRY="1", HF_HOME=str(home), NO_COLOR="1", TERM="dumb")
    return env


def _error_line(text: str) -> str:
    errors = [line.strip() for line in text.splitlines() if line.strip().startswith("Error")]
    if errors:
        return errors[0]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


__all__ = ["Block", "Checker", "HfCommand", "command_lines", "hf_commands", "hf_words",
           "legacy_cli", "offline_env", "split_commands"]
