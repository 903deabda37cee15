"""Print, per page, the Python blocks the tests execute and those marked not-run (with reasons).

    .venv/bin/python tests/samples/report.py [--markdown]

Nothing is executed: this reads the Markdown only. The last line is the share
of executed blocks over the whole site, which the tests require to be at least
80%.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples.harness import MIN_EXECUTED_SHARE, doc_pages, executed_share  # noqa: E402


def report(markdown: bool = False) -> str:
    pages = [page for page in doc_pages() if page.python_blocks]
    lines = []
    if markdown:
        lines += ["| Page | Executed | Marked not-run |", "|---|---:|---|"]
    for page in pages:
        executed, marked = page.executed, page.marked
        outputs = sum(block.expected_output is not None for block in executed)
        if markdown:
            reasons = "<br>".join(f"line {block.line}: {block.not_run_reason}" for block in marked)
            lines.append(f"| `{page.page}` | {len(executed)} | {len(marked)}"
                         + (f": {reasons}" if reasons else "") + " |")
            continue
        lines.append(f"{page.page}: {len(executed)} executed ({outputs} with an Output block), "
                     f"{len(marked)} marked not-run")
        for block in marked:
            lines.append(f"    line {block.line}: {block.not_run_reason or '(no reason given)'}")
    executed, total = executed_share(pages)
    share = executed / total if total else 0.0
    verdict = "ok" if share >= MIN_EXECUTED_SHARE else f"below the required {MIN_EXECUTED_SHARE:.0%}"
    lines += ["", f"Executed: {executed} of {total} Python blocks on {len(pages)} pages "
                  f"({share:.0%}; {verdict})."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(markdown="--markdown" in sys.argv[1:]))
