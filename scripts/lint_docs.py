"""Spelling and Markdown lint for the guide's prose.

    scripts/lint [spelling] [markdown]      (no argument: both)

Checks docs/, CONTRIBUTING.md and README.md. Spelling is codespell
with the project word list (.codespellrc). The Markdown lint is PyMarkdown
configured by .pymarkdown.json, run on a view of each page in which
admonitions (`!!!`, `???`) and content tabs (`===`) are opened up: their
marker line is left out and their 4-space indented body is dedented, so the
body is linted as the Markdown it is rather than taken for an indented code
block. A `<!-- not-run: ... -->` marker is left out too, since it belongs to
the fence below it. Findings are reported at their line in the source file,
as `path:line: rule: problem`.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from pymarkdown.api import PyMarkdownApi  # noqa: E402
from quickcheck.parser import FenceTracker  # noqa: E402
from sample_notes import NOT_RUN  # noqa: E402

SCOPE = ("docs", "CONTRIBUTING.md", "README.md")
CONFIG = ".pymarkdown.json"
CONTAINER = re.compile(r"^( *)(?:!!!|\?\?\?\+?|===)[ \t]")


def markdown_files(root: Path = ROOT) -> list[Path]:
    files = []
    for name in SCOPE:
        path = root / name
        files += sorted(path.rglob("*.md")) if path.is_dir() else [path] if path.is_file() else []
    return files


def opened_up(text: str) -> tuple[str, list[int]]:
    """The lint's view of `text`, and the source line number of each of its lines.

    Admonition and tab bodies are dedented; their marker lines, and not-run
    markers, are left out (or kept as a blank line where they follow text, to
    keep the blocks apart as the build does).
    """
    out, origin, bodies, fences = [], [], [], FenceTracker()
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" "))
        if fences.fence is None and line.strip():
            while bodies and indent < bodies[-1]:
                bodies.pop()
        depth = 4 * len(bodies)
        flat = line[depth:] if line[:depth].strip() == "" else line.lstrip(" ")
        if not fences.in_code(flat):
            container = CONTAINER.match(line)
            if container:
                bodies.append(len(container.group(1)) + 4)
            if container or NOT_RUN.match(flat):
                if not out or not out[-1].strip():
                    continue
                flat = ""
        out.append(flat)
        origin.append(number)
    return "\n".join(out), origin


def markdown(root: Path = ROOT, files: list[Path] | None = None) -> list[str]:
    """PyMarkdown's findings on the opened-up view of each file, as `path:line: rule: problem`."""
    api = PyMarkdownApi().configuration_file_path(str(root / CONFIG))
    findings = []
    for path in files if files is not None else markdown_files(root):
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            continue
        view, origin = opened_up(text)
        for failure in api.scan_string(view).scan_failures:
            line = origin[min(failure.line_number, len(origin)) - 1]
            findings.append(
                f"{path.relative_to(root).as_posix()}:{line}: {failure.rule_id} {failure.rule_name}: "
                f"{failure.rule_description}{failure.extra_error_information or ''}"
            )
    return findings


def spelling(root: Path = ROOT, paths: list[str] | None = None) -> list[str]:
    """codespell's findings, configured by .codespellrc in `root`, as `path:line: word ==> fix`."""
    targets = paths if paths is not None else [name for name in SCOPE if (root / name).exists()]
    result = subprocess.run(
        [sys.executable, "-m", "codespell_lib", *targets],
        cwd=root, capture_output=True, text=True, check=False,
    )
    if result.returncode not in (0, 65):  # 65: misspellings found
        raise RuntimeError(f"codespell failed: {result.stderr.strip()}")
    return result.stdout.splitlines()


CHECKS = {"spelling": spelling, "markdown": markdown}


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in CHECKS]
    if unknown:
        print(f"usage: scripts/lint [{'] ['.join(CHECKS)}]; unknown: {' '.join(unknown)}", file=sys.stderr)
        return 2
    findings = [line for name in (argv or CHECKS) for line in CHECKS[name]()]
    print("\n".join(findings) if findings else "Lint clean: " + ", ".join(argv or CHECKS))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
