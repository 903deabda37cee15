"""One test per rule: each broken rule is reported on the line to fix."""
import pytest

from quickcheck.parser import parse
from quickcheck.validator import validate

VALID = """\
### Quick Check: topic

**Which one?**

   A. First
      > Not this one.
-> B. Second
      > This one.
   C. Third

<details>
<summary>Answer</summary>

Because.

</details>
"""


def problems(text):
    (check,) = parse(text)
    return [(problem.line, problem.message) for problem in validate(check)]


def test_valid_block_has_no_problems():
    assert problems(VALID) == []


def test_question_is_required():
    text = VALID.replace("**Which one?**\n\n", "")
    assert problems(text) == [(1, "Quick Check has no question: write it in bold on the line after the heading")]


def test_question_must_be_bold():
    text = VALID.replace("**Which one?**", "Which one?")
    assert problems(text) == [(3, "the question must be one bold paragraph, **like this?**")]


def test_at_least_two_options():
    text = VALID.replace("   A. First\n      > Not this one.\n", "").replace("   C. Third\n", "")
    assert problems(text) == [(1, "Quick Check needs at least two options, found 1")]


def test_letters_consecutive_from_a():
    text = VALID.replace("   C. Third", "   D. Third")
    assert problems(text) == [(9, "option D should be C: letters run A, B, C... in order")]


def test_option_text_not_empty():
    text = VALID.replace("   C. Third", "   C.")
    assert problems(text) == [(9, "option C has no text")]


def test_option_texts_distinct():
    text = VALID.replace("   C. Third", "   C. first")
    assert problems(text) == [(9, "option C repeats the text of option A")]


def test_exactly_one_correct_option_none():
    text = VALID.replace("-> B. Second", "   B. Second")
    assert problems(text) == [(1, "Quick Check has no correct option: mark exactly one with '-> '")]


def test_exactly_one_correct_option_two():
    text = VALID.replace("   C. Third", "-> C. Third")
    assert problems(text) == [(9, "option C is a second correct option: mark exactly one with '-> '")]


def test_explanation_required():
    text = VALID[: VALID.index("<details>")]
    assert problems(text) == [(1, "Quick Check has no explanation: add <details>, <summary>Answer</summary>, the explanation and </details>")]


def test_explanation_not_empty():
    text = VALID.replace("Because.\n", "")
    assert problems(text) == [(11, "the explanation inside <details> is empty")]


def test_summary_required():
    text = VALID.replace("<summary>Answer</summary>\n", "")
    assert problems(text) == [(11, "<details> must be followed by a <summary>...</summary> line")]


def test_details_must_be_closed():
    text = VALID.replace("</details>\n", "")
    assert problems(text) == [(11, "<details> is never closed: add </details> after the explanation")]


@pytest.mark.parametrize("typo", ["=> B. Second", "B) Second", "- B. Second", "b. Second"])
def test_unrecognised_line_is_an_error(typo):
    text = VALID.replace("-> B. Second", typo)
    at_line_7 = [message for line, message in problems(text) if line == 7]
    assert len(at_line_7) == 1
    assert at_line_7[0].startswith(f"unrecognised line in Quick Check {typo!r}")
