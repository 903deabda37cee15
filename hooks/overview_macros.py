"""Macros for the home page: the questions overview comes from the pages' front matter.

The table is never maintained by hand; a new question page appears in it as
soon as it exists.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.utils.meta import get_data

QUESTIONS = "questions"


def question_pages(docs_dir: str) -> list[tuple[str, dict]]:
    """(path relative to docs/, front matter) of every question page, by number."""
    pages = []
    for path in sorted((Path(docs_dir) / QUESTIONS).glob("*.md")):
        _, meta = get_data(path.read_text(encoding="utf-8"))
        if "number" in meta:
            pages.append((path.relative_to(docs_dir).as_posix(), meta))
    return sorted(pages, key=lambda page: page[1]["number"])


def define_env(env):
    @env.macro
    def questions_overview() -> str:
        """A Markdown table: number, linked title, type, category."""
        rows = ["| # | Question | Type | Category |", "|---:|---|---|---|"]
        for path, meta in question_pages(env.conf["docs_dir"]):
            title = str(meta["title"]).replace("|", "\\|")
            rows.append(f"| {meta['number']} | [{title}]({path}) | {meta['type']} | {meta['category']} |")
        return "\n".join(rows)

    @env.macro
    def question_count() -> int:
        return len(question_pages(env.conf["docs_dir"]))
