"""A synthetic guide: N question pages shaped like the real ones, in category sections.

Each page has what a real question page has (front matter, scenario,
admonitions, steps with tables and highlighted Python, four Quick Checks with
per-option feedback) at about the real pages' size. The same questions are
written twice: in the guide's Quick Check syntax and in mkdocs-quiz's
`<quiz>` syntax. Everything is derived from the page number, so a corpus is
the same on every run and every machine.

Besides the questions, a corpus has a home page with the overview table (a
macro), the tags index, and the real site's progress and practice pages when
it has them, since those list every Quick Check of the site.

The MkDocs configurations are the real mkdocs.yml with only the nav, the
docs folder and the variant's hook or plugin changed, so the figures describe
the real site's theme, extensions, plugins and hooks.
"""
from __future__ import annotations

import json
import math
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

PAGES_PER_SECTION = 50
QUICK_CHECKS_PER_PAGE = 4
STEPS = 5
QUICK_CHECK_HOOK = "hooks/quick_checks.py"

WORDS = (
    "model tokenizer batch gradient checkpoint adapter dataset shard memory latency throughput "
    "pipeline encoder decoder attention head layer embedding vocabulary sequence padding "
    "truncation optimizer scheduler warmup precision quantization accelerator device cache "
    "inference training evaluation metric loss label split stream map filter column feature "
    "hub repository revision commit token license card bias risk review deploy endpoint "
    "server request queue worker replica cluster node process rank gather reduce shard "
    "offload parameter weight bfloat16 float32 int8 kernel fused flash window context prompt "
    "template generation sampling beam temperature logits softmax probability calibration "
    "checkpointing accumulation step epoch schedule config architecture backbone classifier "
    "regression preprocessing collator dataloader iterator arrow parquet json schema version"
).split()
CODE_NAMES = "model tokenizer batch dataset trainer config outputs logits labels args".split()
TAGS = ("transformers", "inference", "fine-tuning", "tokenization", "datasets", "hub", "memory",
        "distributed-training", "peft", "lora", "pipelines", "production", "quantization", "trainer")


@dataclass(frozen=True)
class Page:
    number: int
    section: int
    path: str  # relative to the docs folder


def sections(pages: int) -> int:
    return max(1, math.ceil(pages / PAGES_PER_SECTION))


def layout(pages: int) -> list[Page]:
    """Pages in order, spread evenly over the category sections."""
    count = sections(pages)
    return [Page(n, (n - 1) * count // pages, f"questions/{n:04d}-question-{n}.md") for n in range(1, pages + 1)]


# ---------------------------------------------------------------------------
# Page text
# ---------------------------------------------------------------------------

def _sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.4:
        words[rng.randrange(len(words))] = f"`{rng.choice(CODE_NAMES)}.{rng.choice(WORDS)}()`"
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _table(rng: random.Random) -> str:
    rows = ["| Option | When it fits | Cost |", "|---|---|---|"]
    for _ in range(5):
        rows.append(f"| `{rng.choice(CODE_NAMES)}_{rng.choice(WORDS)}` | {_sentence(rng, 5, 9)} | {rng.randint(1, 64)} GB |")
    return "\n".join(rows)


def _code(rng: random.Random) -> str:
    lines = ["```python", "from transformers import AutoModel, AutoTokenizer", ""]
    for _ in range(rng.randint(6, 10)):
        name, attr = rng.choice(CODE_NAMES), rng.choice(WORDS)
        lines.append(f"{name} = {rng.choice(CODE_NAMES)}.{attr}({rng.randint(1, 512)}, key=\"{rng.choice(WORDS)}\")")
    lines += ["for step, item in enumerate(batch):", "    print(step, item)  # " + _sentence(rng, 3, 6), "```"]
    return "\n".join(lines)


def _output(rng: random.Random) -> str:
    return "\n".join(['```text title="Output"', *(f"{rng.choice(WORDS)}: {rng.random():.4f}" for _ in range(3)), "```"])


def _quick_check(rng: random.Random, number: int, index: int) -> tuple[str, list[tuple[str, bool, str]], str]:
    question = f"In question {number}, check {index}: " + _sentence(rng, 10, 18)[:-1] + "?"
    correct = rng.randrange(4)
    options = [(f"{_sentence(rng, 5, 12)[:-1]} (option {letter})", i == correct, _sentence(rng, 8, 16))
               for i, letter in enumerate("ABCD")]
    explanation = _paragraph(rng, 3)
    if index == 1:
        explanation += "\n\n" + _code(rng)
    return question, options, explanation


def quick_check_markdown(question: str, options, explanation: str) -> str:
    lines = [f"**{question}**", ""]
    for letter, (text, correct, feedback) in zip("ABCD", options):
        lines.append(f"{'-> ' if correct else '   '}{letter}. {text}")
        lines.append(f"      > {feedback}")
    answer = "ABCD"[[c for _, c, _ in options].index(True)]
    lines += ["", "<details>", "<summary>Answer</summary>", "", f"**{answer}.** {explanation}", "", "</details>"]
    return "\n".join(lines)


def mkdocs_quiz_markdown(question: str, options, explanation: str) -> str:
    lines = ["<quiz>", f"**{question}**"]
    for text, correct, feedback in options:
        lines.append(f"- [{'x' if correct else ' '}] {text}")
        lines.append(f"  > {feedback}")
    answer = "ABCD"[[c for _, c, _ in options].index(True)]
    lines += ["", f"**{answer}.** {explanation}", "</quiz>"]
    return "\n".join(lines)


def page_markdown(page: Page, pages: list[Page], category: str, syntax: str) -> str:
    """One question page; `syntax` is "quick-check" or "mkdocs-quiz"."""
    rng = random.Random(page.number)
    question = f"Question {page.number}: " + _sentence(rng, 8, 14)[:-1] + "?"
    tags = rng.sample(TAGS, 3)
    neighbour = pages[page.number % len(pages)]
    out = [
        "---",
        f"number: {page.number}",
        f"title: Synthetic question {page.number}",
        f"question: {json.dumps(question)}",
        f"type: {'Conceptual' if page.number % 2 else 'Practical'}",
        f"category: {category}",
        "tags:",
        *(f"  - {tag}" for tag in tags),
        "---",
        "",
        f"# {question}",
        "",
        "## The scenario",
        "",
        _paragraph(rng, 5), "", _paragraph(rng, 4), "",
        "## The challenge",
        "",
        _paragraph(rng, 3), "",
        '!!! failure "Common Mistake"',
        "    " + _paragraph(rng, 4), "",
        '!!! success "Senior Engineer Approach"',
        "    " + _paragraph(rng, 5), "",
    ]
    for step in range(1, STEPS + 1):
        out += [f"## Step {step}: {_sentence(rng, 3, 6)[:-1]}", "", _paragraph(rng, 4), ""]
        if step == 1:
            out += [f"See also [question {neighbour.number}]({Path(neighbour.path).name}) and "
                    "[the checks below](#check-yourself).", ""]
        if step % 2:
            out += [_table(rng), ""]
        else:
            out += [*(f"- {_sentence(rng, 6, 12)}" for _ in range(4)), ""]
        if step == 2:
            out += ["<!-- not-run: needs a GPU -->"]
        out += [_code(rng), "", _output(rng), "", _paragraph(rng, 3), "", _code(rng), "", _paragraph(rng, 2), ""]
    out += ["## Check yourself", ""]
    render = quick_check_markdown if syntax == "quick-check" else mkdocs_quiz_markdown
    for index in range(1, QUICK_CHECKS_PER_PAGE + 1):
        out += [f"### Quick Check: topic {index} of question {page.number}", "",
                render(*_quick_check(rng, page.number, index)), ""]
    return "\n".join(out)


HOME = """---
render_macros: true
hide:
  - navigation
---

# Synthetic guide

A generated guide with {{ question_count() }} questions, for the benchmark.

## The questions

{{ questions_overview() }}
"""

TAGS_PAGE = """# Tags

<!-- material/tags -->
"""


def category_name(section: int) -> str:
    return f"Category {section + 1:02d}"


# Pages of the real site whose size grows with the number of questions (every
# Quick Check is listed or repeated on them); copied when the site has them.
SITE_WIDE_PAGES = (("Your progress", "progress.md"), ("Practice", "practice.md"))


def site_wide_pages(repo: Path) -> list[tuple[str, str]]:
    return [(title, name) for title, name in SITE_WIDE_PAGES if (repo / "docs" / name).is_file()]


def write_docs(repo: Path, folder: Path, pages: list[Page], syntax: str) -> None:
    (folder / "questions").mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(HOME, encoding="utf-8")
    (folder / "tags.md").write_text(TAGS_PAGE, encoding="utf-8")
    for _, name in site_wide_pages(repo):
        shutil.copy(repo / "docs" / name, folder / name)
    for page in pages:
        text = page_markdown(page, pages, category_name(page.section), syntax)
        (folder / page.path).write_text(text, encoding="utf-8")


def nav(repo: Path, pages: list[Page]) -> list:
    groups: dict[int, list[str]] = {}
    for page in pages:
        groups.setdefault(page.section, []).append(page.path)
    return [{"Home": "index.md"}, *({category_name(s): paths} for s, paths in sorted(groups.items())),
            *({title: name} for title, name in site_wide_pages(repo)), {"Tags": "tags.md"}]


# ---------------------------------------------------------------------------
# Configurations
# ---------------------------------------------------------------------------

class _Tagged:
    """A YAML value with a tag this script need not understand (`!ENV`, `!!python/name:`)."""

    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: _Tagged(suffix, node))
_Loader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged("!" + suffix, node))
_Dumper.add_representer(_Tagged, lambda dumper, value: _retag(value))


def _retag(value: _Tagged) -> yaml.Node:
    value.node.tag = value.tag
    return value.node


VARIANTS = ("hook", "no-hook", "mkdocs-quiz")


def config_for(repo: Path, variant: str, pages: list[Page], extra_features: tuple[str, ...] = ()) -> dict:
    """The real mkdocs.yml with the generated nav and the variant's hook or plugin."""
    config = yaml.load((repo / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    config["nav"] = nav(repo, pages)
    config.pop("watch", None)
    config["docs_dir"] = "docs-quiz" if variant == "mkdocs-quiz" else "docs"
    if variant != "hook":
        config["hooks"] = [h for h in config.get("hooks", []) if os.path.normpath(h) != QUICK_CHECK_HOOK]
    if variant == "mkdocs-quiz":
        config["plugins"] = list(config.get("plugins", [])) + ["mkdocs_quiz"]
    features = config["theme"].setdefault("features", [])
    for feature in extra_features:
        if feature.startswith("-") and feature[1:] in features:
            features.remove(feature[1:])
        elif not feature.startswith("-") and feature not in features:
            features.append(feature)
    return config


def write_corpus(repo: Path, folder: Path, count: int, extra_features: tuple[str, ...] = ()) -> dict[str, Path]:
    """Write the corpus of `count` pages into `folder`; return each variant's config file."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    pages = layout(count)
    write_docs(repo, folder / "docs", pages, "quick-check")
    write_docs(repo, folder / "docs-quiz", pages, "mkdocs-quiz")
    # Relative paths in mkdocs.yml (hooks, overrides, the macros module, the
    # requirements the version line is read from) resolve as in the repository.
    for name in ("hooks", "overrides"):
        (folder / name).symlink_to(repo / name, target_is_directory=True)
    for requirements in repo.glob("requirements*.txt"):
        shutil.copy(requirements, folder / requirements.name)
    configs = {}
    for variant in VARIANTS:
        path = folder / f"mkdocs-{variant}.yml"
        text = yaml.dump(config_for(repo, variant, pages, extra_features), Dumper=_Dumper, sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        configs[variant] = path
    return configs
