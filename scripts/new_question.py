"""Scaffold a new question page and register it in the site's navigation.

    scripts/new-question "Title" --category "Ecosystem" --type Practical --tags hub sharing

writes docs/questions/NN-title.md with the next free number, the front matter
filled in, the required sections and two Quick Checks to edit, and adds the
page to mkdocs.yml's nav under the section named after its category (a new
section needs --new-category, so a typo does not create one). The nav is
edited as text, one inserted line or two, so comments, quoting and YAML tags
in mkdocs.yml stay exactly as they were.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = "questions"
TYPES = ("Conceptual", "Practical")
NUMBERED = re.compile(r"^(\d+)-")
NAV_PAGE = re.compile(r"\bquestions/(\d+)-")
ENTRY = re.compile(r"^( *)- (.*)$")
TOP_LEVEL_KEY = re.compile(r"^[^\s#-]")


class ScaffoldError(Exception):
    """A problem the contributor can fix by changing the command line or mkdocs.yml."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without constructing its Python or `!ENV` tags: only names are needed."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_config(text: str) -> dict:
    return yaml.load(text, Loader=_ConfigLoader)


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    try:
        if yaml.safe_load(f"key: {value}") == {"key": value} and value == value.strip():
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    while len(slug) > 50 and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug


def allowed_tags(config: dict) -> list[str]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "tags" in plugin:
            return list((plugin["tags"] or {}).get("tags_allowed") or [])
    return []


def nav_sections(nav: list) -> dict[str, list[str]]:
    """Section title -> the pages listed under it, for the nav's top-level sections."""
    sections = {}
    for entry in nav or []:
        if isinstance(entry, dict):
            for title, children in entry.items():
                if isinstance(children, list):
                    sections[str(title)] = [
                        child if isinstance(child, str) else str(next(iter(child.values())))
                        for child in children
                    ]
    return sections


def next_number(docs: Path, config_text: str) -> int:
    """One past the highest number in use by a page's file name or by a nav entry still to be written."""
    used = [int(n) for n in NAV_PAGE.findall(config_text)]
    used += [int(m.group(1)) for path in (docs / QUESTIONS).glob("*.md") if (m := NUMBERED.match(path.name))]
    return max(used, default=0) + 1


def render_page(number: int, title: str, question: str, type_: str, category: str, tags: list[str]) -> str:
    front = [
        "---",
        f"number: {number}",
        f"title: {yaml_scalar(title)}",
        f"question: {yaml_scalar(question)}",
        f"type: {type_}",
        f"category: {yaml_scalar(category)}",
        "tags:",
        *[f"  - {tag}" for tag in tags],
        "---",
    ]
    return "\n".join(front) + "\n" + PAGE_BODY.format(question=question)


PAGE_BODY = """
# {question}

## The scenario

Replace this paragraph: a realistic situation in a few sentences. Who is the
reader, what are they building, and which constraint makes the question hard?

## The challenge

Replace this paragraph: what the candidate must decide, build or explain, and
what a good answer has to cover.

!!! failure "Common Mistake"
    Replace this paragraph: the answer most candidates give, and why it fails
    in this scenario.

!!! success "Senior Engineer Approach"
    Replace this paragraph: the approach in a few sentences. The steps below
    work it out.

## Step 1: Replace this heading

Work the approach out step by step, with tables and code. Python samples are
run by the tests; CONTRIBUTING.md explains markers and output blocks.

### Quick Check: replace this topic

**Replace this question: what should a reader be able to answer after Step 1?**

-> A. Replace with the correct option
      > Replace with why this option is right.
   B. Replace with a plausible wrong option
      > Replace with why this option is wrong.
   C. Replace with another plausible wrong option
      > Replace with why this option is wrong.

<details>
<summary>Answer</summary>

**A.** Replace with the full explanation, and a source the reader can check.

</details>

### Quick Check: replace this second topic

**Replace this question: which mistake from the scenario should a reader now avoid?**

   A. Replace with a tempting choice that is wrong
      > Replace with what makes it tempting, and what makes it wrong.
-> B. Replace with the answer a senior engineer would give
      > Replace with what makes it the best answer here.
   C. Replace with a choice that fails in this scenario
      > Replace with the detail of the scenario that rules it out.

<details>
<summary>Answer</summary>

**B.** Replace with a worked explanation that links the documentation it rests on.

</details>
"""


def register_in_nav(config_text: str, page: str, category: str, new_category: bool) -> str:
    """mkdocs.yml's text with `page` added at the end of the nav section `category`.

    A new section goes after the last section that lists question pages.
    Every other line is kept byte for byte.
    """
    lines = config_text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"^nav:\s*(#.*)?$", line)), None)
    if start is None:
        raise ScaffoldError("mkdocs.yml has no block-style `nav:` to add the page to")
    end = next((i for i in range(start + 1, len(lines)) if TOP_LEVEL_KEY.match(lines[i])), len(lines))
    entries = [(i, ENTRY.match(lines[i])) for i in range(start + 1, end) if ENTRY.match(lines[i])]
    if not entries:
        raise ScaffoldError("mkdocs.yml's nav has no entries")
    indent = min(len(match.group(1)) for _, match in entries)

    sections = []  # (title, first line, last line of the section's block)
    for i, match in entries:
        if len(match.group(1)) == indent and match.group(2).rstrip().endswith(":"):
            title = next(iter(yaml.safe_load(match.group(2) + " null")))
            last = i
            while last + 1 < end and (not lines[last + 1].strip() or _indent(lines[last + 1]) > indent):
                last += 1
            while not lines[last].strip():
                last -= 1
            sections.append((str(title), i, last))

    child_indent = next(
        (_indent(lines[first + 1]) for _, first, last in sections if last > first),
        indent + 4,
    )
    found = [section for section in sections if section[0] == category]
    if found:
        _, _, last = found[0]
        insert_at, new_lines = last + 1, [f"{' ' * child_indent}- {page}"]
    elif new_category:
        with_questions = [last for _, first, last in sections if f"{QUESTIONS}/" in "\n".join(lines[first:last + 1])]
        if not with_questions:
            raise ScaffoldError("mkdocs.yml's nav has no section of question pages to place a new one after")
        insert_at = max(with_questions) + 1
        new_lines = [f"{' ' * indent}- {yaml_scalar(category)}:", f"{' ' * child_indent}- {page}"]
    else:
        existing = ", ".join(repr(title) for title, _, _ in sections)
        raise ScaffoldError(
            f"no nav section is called {category!r}; the sections are {existing}. "
            "Pass --new-category to create it."
        )

    updated = "\n".join(lines[:insert_at] + new_lines + lines[insert_at:])
    if page not in nav_sections(load_config(updated).get("nav")).get(category, []):
        raise ScaffoldError(f"could not add {page} under {category!r}: edit mkdocs.yml's nav by hand")
    return updated


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def scaffold(root: Path, title: str, category: str, type_: str, tags: list[str],
             question: str | None = None, new_category: bool = False) -> Path:
    """Write the page and register it; return the page's path."""
    config_path = root / "mkdocs.yml"
    config_text = config_path.read_text(encoding="utf-8")
    config = load_config(config_text)
    title, category = title.strip(), category.strip()
    if not title or not category:
        raise ScaffoldError("the title and the category must not be empty")
    allowed = allowed_tags(config)
    unknown = [tag for tag in tags if tag not in allowed]
    if unknown:
        raise ScaffoldError(
            f"tag(s) {', '.join(unknown)} not in tags_allowed of mkdocs.yml; "
            f"choose from: {', '.join(allowed)}"
        )
    slug = slugify(title)
    if not slug:
        raise ScaffoldError("the title has no letters or digits to name the file after")

    docs = root / config.get("docs_dir", "docs")
    number = next_number(docs, config_text)
    path = docs / QUESTIONS / f"{number:02d}-{slug}.md"
    updated = register_in_nav(config_text, path.relative_to(docs).as_posix(), category, new_category)
    path.write_text(render_page(number, title, (question or title).strip(), type_, category, tags), encoding="utf-8")
    config_path.write_text(updated, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/new-question", description=__doc__.split("\n\n")[0])
    parser.add_argument("title", help="short title, shown in the navigation and the overview")
    parser.add_argument("--category", required=True, help="the nav section the page belongs to, e.g. Ecosystem")
    parser.add_argument("--type", required=True, choices=TYPES, dest="type_")
    parser.add_argument("--tags", required=True, nargs="+", help="one or more tags from tags_allowed in mkdocs.yml")
    parser.add_argument("--question", help="the interview question, the page's heading (default: the title)")
    parser.add_argument("--new-category", action="store_true", help="create the nav section if it does not exist")
    args = parser.parse_args(argv)
    try:
        path = scaffold(ROOT, args.title, args.category, args.type_, args.tags, args.question, args.new_category)
    except ScaffoldError as error:
        print(f"new-question: {error}", file=sys.stderr)
        return 1
    relative = path.relative_to(ROOT).as_posix()
    print(f"Created {relative} and listed it under {args.category!r} in mkdocs.yml's nav.")
    print(f"Next: replace every 'Replace ...' text in {relative}, then run scripts/test (or scripts/lint for the prose).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
