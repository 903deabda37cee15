"""The parser finds Quick Checks and records what it sees, line by line."""
from quickcheck.parser import parse

PAGE = """\
# Title

Some prose.

```markdown
### Quick Check: an example inside code

**Not a quiz**

-> A. one
   B. two
```

### Quick Check: architectures

**Which model family fits classification?**

-> A. Encoder-only
      > It reads the whole text at once.
   B. Decoder-only
      > It can classify,
      > but costs more.

<details>
<summary>Answer</summary>

Encoders.

```text
</details> inside code is not the end
```

</details>

## Next section
"""


def test_finds_only_the_block_outside_code():
    checks = parse(PAGE)
    assert [check.heading for check in checks] == ["Quick Check: architectures"]


def test_records_question_options_and_lines():
    (check,) = parse(PAGE, first_line=5)
    assert check.heading_line == 5 + 13
    assert check.question_text == "Which model family fits classification?"
    assert check.question_line == 5 + 15
    assert [(o.letter, o.text, o.correct, o.line) for o in check.options] == [
        ("A", "Encoder-only", True, 5 + 17),
        ("B", "Decoder-only", False, 5 + 19),
    ]


def test_joins_feedback_lines():
    (check,) = parse(PAGE)
    assert check.options[0].feedback == "It reads the whole text at once."
    assert check.options[1].feedback == "It can classify, but costs more."


def test_explanation_runs_to_closing_details_outside_code():
    (check,) = parse(PAGE)
    assert check.summary == "Answer"
    assert check.explanation.startswith("Encoders.")
    assert "</details> inside code" in check.explanation
    lines = PAGE.split("\n")
    assert lines[check.end_line - 1] == "</details>"
    assert lines[check.end] == ""


def test_replaced_span_starts_at_question_and_keeps_heading():
    (check,) = parse(PAGE)
    lines = PAGE.split("\n")
    assert lines[check.start] == "**Which model family fits classification?**"
    assert lines[check.start - 2].startswith("### Quick Check")


def test_heading_levels_two_to_four_only():
    body = "\n\n**Q?**\n\n-> A. x\n   B. y\n\n<details>\n<summary>A</summary>\n\nE.\n\n</details>\n"
    assert len(parse("## Quick Check" + body)) == 1
    assert len(parse("#### Quick Check: deep" + body)) == 1
    assert parse("# Quick Check" + body) == []
    assert parse("##### Quick Check" + body) == []
    assert parse("## Quick Checks overview" + body) == []


def test_unrecognised_lines_are_kept_for_the_validator():
    text = "## Quick Check\n\n**Q?**\n\n   A. x\n=> B. y\n\n<details>\n<summary>A</summary>\nE\n</details>\n"
    (check,) = parse(text)
    assert check.stray_lines == ((6, "=> B. y"),)


def test_block_without_details_stops_at_next_heading():
    text = "## Quick Check\n\n**Q?**\n\n-> A. x\n   B. y\n\n## Other\n"
    (check,) = parse(text)
    assert check.details_line == 0
    assert text.split("\n")[check.end] == "## Other"
