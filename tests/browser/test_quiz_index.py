"""The build's quiz index: quizzes.json, the practice and progress pages, and the search index.

No browser needed: these read the files of the real build.
"""
import html
import json
import re
from html.parser import HTMLParser

from mkdocs.utils.meta import get_data

from conftest import DOCS
from quickcheck.model import quiz_id
from quickcheck.parser import parse


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ClassText(HTMLParser):
    """The text inside each element of a given class, and the text outside all of them."""

    def __init__(self, cls: str):
        super().__init__(convert_charrefs=True)
        self.cls, self.depth, self.found, self.outside = cls, 0, [], ""

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth:
            self.depth += 1
        elif self.cls in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1] += data
        else:
            self.outside += data


def texts_of_class(page_html: str, cls: str) -> tuple[list[str], str]:
    """(the text of each element of class `cls`, the page's text outside them), whitespace collapsed."""
    parser = _ClassText(cls)
    parser.feed(page_html)
    return [" ".join(text.split()) for text in parser.found], " ".join(parser.outside.split())


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def test_quizzes_json_lists_every_quick_check_of_the_docs(built_site):
    index = json.loads((built_site / "quizzes.json").read_text(encoding="utf-8"))
    assert index["version"] == 1
    expected = []
    for path in sorted(DOCS.rglob("*.md")):
        source = path.read_text(encoding="utf-8")
        body, _ = get_data(source)
        page = path.relative_to(DOCS)
        url = page.with_suffix("").as_posix() + "/"
        for check in parse(body, first_line=source[: len(source) - len(body)].count("\n") + 1):
            expected.append({
                "id": quiz_id(page.as_posix(), check.question_text),
                "page": "" if url == "index/" else url,
                "source": page.as_posix(),
                "line": check.heading_line,
                "heading": check.heading,
                "question": check.question_text,
                "options": [{"letter": o.letter, "text": o.text, "feedback": o.feedback} for o in check.options],
                "answer": check.correct[0].letter,
                "explanation": check.explanation,
            })
    found = [{key: value for key, value in quiz.items() if key != "page_title"} for quiz in index["quizzes"]]
    assert found == expected
    assert all(quiz["page_title"] for quiz in index["quizzes"])


def test_options_answers_and_explanations_stay_out_of_the_search_index(built_site, quizzes):
    """Search may find a Quick Check by its question, but must not quote an
    option (wrong ones are wrong on purpose) or give the answer away."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    searchable = " ".join(plain(doc["text"]) for doc in docs)
    for url in sorted({quiz["page"] for quiz in quizzes}):
        page_html = (built_site / url / "index.html").read_text(encoding="utf-8")
        questions, _ = texts_of_class(page_html, "qc__question")
        answers, _ = texts_of_class(page_html, "qc__answer")
        options, _ = texts_of_class(page_html, "qc__text")
        _, elsewhere = texts_of_class(page_html, "qc")
        assert questions and len(answers) == len(questions) and len(options) >= 2 * len(questions)
        for question in questions:
            assert question in searchable, "the comparison should find text that is indexed"
        for hidden in answers + options:
            sentences = [s for s in re.split(r"(?<=[.!?:])\s+", hidden) if len(s.split()) >= 5]
            leaked = [s for s in sentences if s in searchable and s not in elsewhere]  # the page may repeat one
            assert not leaked, f"{url}: option or answer text in search_index.json: {leaked[:3]}"
        assert not re.search(r"Answer: [A-Z]\.", searchable)


def test_practice_page_lists_every_quiz_once_linked_to_its_page(built_site, quizzes):
    practice = (built_site / "practice" / "index.html").read_text(encoding="utf-8")
    assert '<form class="qc"' not in practice, "the quizzes are fetched from their pages, not copied in"
    items = re.findall(r'<li data-qc-quiz="(qc-[0-9a-f]+)" data-qc-answer="([A-Z])" data-qc-letters="([A-Z]+)">\s*<a href="([^"]+)"',
                       practice)
    assert items == [(quiz["id"], quiz["answer"], "".join(o["letter"] for o in quiz["options"]),
                      f"../{quiz['page']}#{quiz['id']}") for quiz in quizzes]


def test_progress_page_links_every_quiz_to_its_place(built_site, quizzes):
    progress = (built_site / "progress" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<li data-qc-quiz="(qc-[0-9a-f]+)"[^>]*>\s*<a href="([^"]+)"', progress)
    assert links == [(quiz["id"], f"../{quiz['page']}#{quiz['id']}") for quiz in quizzes]
