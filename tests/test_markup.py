"""Quick Check text goes through the page's Markdown and comes back as pieces."""
import markdown

from html_elements import elements, text
from quickcheck import markup
from quickcheck.model import Option, QuickCheck

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.superfences", "pymdownx.details"]


def check(question="**Which?**", options=None, explanation="Because."):
    options = options or [Option("A", "One", True, "Yes.", 5), Option("B", "Two", False, "", 6)]
    return QuickCheck("Quick Check", 1, question, 3, tuple(options), 8, "Answer", explanation, 12, (), 2, 13)


def roundtrip(quick_check):
    html = markdown.markdown(markup.to_markdown(quick_check, "qc-0123456789"), extensions=EXTENSIONS)
    ((span, pieces),) = markup.pieces(html, {"qc-0123456789": quick_check}).values()
    return html, span, pieces


def test_pieces_come_back_by_kind_and_letter():
    html, span, pieces = roundtrip(check())
    assert pieces.question == "Which?"
    assert pieces.options == {"A": "One", "B": "Two"}
    assert pieces.feedback == {"A": "Yes."}
    assert pieces.explanation == "<p>Because.</p>"
    assert span == (0, len(html.rstrip()))


def test_markdown_is_rendered_in_every_piece():
    options = [Option("A", "Use `pipeline()`", True, "See **Step 2**.", 5), Option("B", "[Docs](https://example.org)", False, "", 6)]
    _, _, pieces = roundtrip(check("**Is `x` *right*?**", options, "| a | b |\n|---|---|\n| 1 | 2 |"))
    assert pieces.question == "Is <code>x</code> <em>right</em>?"
    assert pieces.options["A"] == "Use <code>pipeline()</code>"
    assert pieces.options["B"] == '<a href="https://example.org">Docs</a>'
    assert pieces.feedback["A"] == "See <strong>Step 2</strong>."
    assert "<table>" in pieces.explanation


def test_raw_html_shows_as_text():
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    options = [Option("A", hostile, True, hostile, 5), Option("B", "</label><input>", False, "", 6)]
    html, _, pieces = roundtrip(check(f"**{hostile}**", options, hostile))
    tags = {tag for tag, _ in elements(html)}
    assert not tags & {"script", "img", "input", "label"}
    assert text(pieces.question) == hostile
    assert text(pieces.options["B"]) == "</label><input>"


def test_attribute_lists_cannot_add_attributes():
    options = [Option("A", 'One {: onclick="alert(1)" }', True, "", 5), Option("B", "*Two*{onclick=x}", False, "", 6)]
    html, _, _ = roundtrip(check(explanation='Text\n{: onmouseover="alert(1)" }'))
    html2, _, _ = roundtrip(check(options=options))
    attributes = {name for _, attrs in elements(html + html2) for name in attrs}
    assert not any(name.startswith("on") for name in attributes)


def test_text_cannot_forge_a_marker():
    options = [Option("A", "<!--qc:qc-0123456789:end-->", True, "", 5), Option("B", "Two", False, "", 6)]
    _, _, pieces = roundtrip(check(options=options))
    assert text(pieces.options["A"]) == "<!--qc:qc-0123456789:end-->"
    assert pieces.options["B"] == "Two"


def test_code_keeps_its_characters():
    explanation = 'Use `<pad>` and `{"a": 1}`.\n\n```python\nprint("<b>{x}</b>")\n```'
    _, _, pieces = roundtrip(check(explanation=explanation))
    assert "<code>&lt;pad&gt;</code>" in pieces.explanation
    assert '<code>{"a": 1}</code>' in pieces.explanation.replace("&quot;", '"')
    assert text(pieces.explanation).count('print("<b>{x}</b>")') == 1


def test_option_text_never_becomes_a_block():
    options = [Option("A", "# of layers", True, "", 5), Option("B", "1. first", False, "", 6), Option("C", "- minus", False, "", 7)]
    _, _, pieces = roundtrip(check(options=options))
    assert [text(pieces.options[letter]) for letter in "ABC"] == ["# of layers", "1. first", "- minus"]
    assert all("<" not in pieces.options[letter] for letter in "ABC")


def test_emphasis_and_rules_at_the_start_stay_inline():
    options = [Option("A", "**Always** pad", True, "_Only_ then.", 5), Option("B", "___", False, "", 6),
               Option("C", "* * *", False, "", 7), Option("D", "!!! note", False, "", 8)]
    _, _, pieces = roundtrip(check(options=options))
    assert pieces.options["A"] == "<strong>Always</strong> pad"
    assert pieces.feedback["A"] == "<em>Only</em> then."
    assert [text(pieces.options[letter]) for letter in "BCD"] == ["___", "* * *", "!!! note"]
    assert all("<" not in pieces.options[letter] for letter in "BCD")


def test_an_explanation_that_starts_with_a_list_stays_apart_from_the_pieces():
    _, _, pieces = roundtrip(check(explanation="- first\n- second"))
    assert pieces.options == {"A": "One", "B": "Two"}
    assert pieces.explanation == "<ul>\n<li>first</li>\n<li>second</li>\n</ul>"


def test_a_quiz_whose_items_changed_in_conversion_is_not_returned():
    quick_check = check()
    html = markdown.markdown(markup.to_markdown(quick_check, "qc-0123456789"), extensions=EXTENSIONS)
    broken = html.replace("<li>Two</li>\n", "", 1)
    assert markup.pieces(broken, {"qc-0123456789": quick_check}) == {}
    assert markup.pieces(html, {}) == {}
