"""The quiz markup contract that the script, the styles and the tests rely on."""
from html_elements import elements, text
from quickcheck.markup import Pieces
from quickcheck.model import Option, QuickCheck
from quickcheck.renderer import render

CHECK = QuickCheck(
    "Quick Check", 1, "**Which?**", 3,
    (Option("A", "One", False, "Too small.", 5), Option("B", "Two", True, "Right size.", 6), Option("C", "Three", False, "", 7)),
    9, "Show the answer", "Because.", 13, (), 2, 14,
)
PIECES = Pieces("Which <em>one</em>?", {"A": "One", "B": "Two", "C": "Three"}, {"A": "Too small.", "B": "Right size."}, "<p>Because.</p>")
HTML = render(CHECK, "qc-abc", PIECES)
TAGS = elements(HTML)


def first(tag, **attrs):
    return next(a for t, a in TAGS if t == tag and all(a.get(k) == v for k, v in attrs.items()))


def test_form_carries_id_and_answer():
    form = first("form")
    assert form["id"] == "qc-abc"
    assert form["class"] == "qc"
    assert form["data-qc-answer"] == "B"


def test_radios_in_a_fieldset_with_a_legend():
    tags = [tag for tag, _ in TAGS]
    assert tags.index("fieldset") < tags.index("legend") < tags.index("input")
    radios = [a for t, a in TAGS if t == "input"]
    assert [(r["type"], r["name"], r["value"], r["id"]) for r in radios] == [
        ("radio", "qc-abc", letter, f"qc-abc-{letter}") for letter in "ABC"
    ]
    assert [a["for"] for t, a in TAGS if t == "label"] == ["qc-abc-A", "qc-abc-B", "qc-abc-C"]


def test_question_and_options_are_the_rendered_pieces():
    assert "<legend class=\"qc__question\">Which <em>one</em>?</legend>" in HTML
    assert "<span class=\"qc__text\">Three</span>" in HTML


def test_check_button_waits_for_the_script():
    actions = first("div", **{"class": "qc__actions"})
    assert "hidden" in actions
    assert first("button", **{"class": "md-button md-button--primary qc__check"})["type"] == "submit"


def test_feedback_region_is_announced():
    assert first("div", **{"class": "qc__feedback"})["role"] == "status"


def test_answer_reachable_without_script_and_out_of_search():
    details = first("details")
    assert "data-search-exclude" in details
    solution = HTML[HTML.index("<details"):]
    assert "Show the answer" in solution
    assert "Answer: B. Two" in " ".join(text(solution).split())
    assert "<p>Because.</p>" in solution


def test_feedback_listed_per_option_that_has_some():
    items = [a["data-qc-option"] for t, a in TAGS if t == "li"]
    assert items == ["A", "B"]
    assert "Too small." in text(HTML[HTML.index('data-qc-option="A"'):])


def test_template_escapes_what_is_not_a_piece():
    check = QuickCheck("Quick Check", 1, "**Q**", 3, CHECK.options, 9, '<img src=x onerror="alert(1)">', "E", 13, (), 2, 14)
    html = render(check, "qc-abc", PIECES)
    assert "img" not in [tag for tag, _ in elements(html)]
