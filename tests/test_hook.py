"""The MkDocs glue, called with real MkDocs objects."""
import re

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import quick_checks

BLOCK = """\
### Quick Check: {topic}

**{question}**

-> A. Yes
      > Right.
   B. No
      > Wrong.

<details>
<summary>Answer</summary>

Explained.

</details>
"""


@pytest.fixture
def make_page(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "t", "docs_dir": str(docs)})
    assert config.validate() == ([], [])

    def make(source):
        (docs / "page.md").write_text(source, encoding="utf-8")
        file = File("page.md", str(docs), str(tmp_path / "site"), use_directory_urls=True)
        page = Page(None, file, config)
        page.read_source(config)
        return page, config, Files([file])

    return make


def ids(markdown):
    return re.findall(r"<!--qc:(qc-[0-9a-f]+):items-->", markdown)


def run(page, config, files):
    return quick_checks.on_page_markdown(page.markdown, page=page, config=config, files=files)


def test_ids_survive_a_quick_check_inserted_above(make_page):
    second = BLOCK.format(topic="two", question="Second?")
    before = ids(run(*make_page("# T\n\n" + second)))
    after = ids(run(*make_page("# T\n\n" + BLOCK.format(topic="one", question="First?") + "\n" + second)))
    assert len(before) == 1 and len(after) == 2
    assert after[1] == before[0]


def test_error_names_page_and_file_line_after_front_matter(make_page):
    source = "---\ntitle: x\nnumber: 3\n---\n\n# T\n\n" + BLOCK.format(topic="t", question="Q?").replace("-> A.", "=> A.")
    page, config, files = make_page(source)
    with pytest.raises(PluginError) as raised:
        run(page, config, files)
    line = source.split("\n").index("=> A. Yes") + 1
    messages = str(raised.value).splitlines()
    assert f"docs/page.md:{line}: unrecognised line in Quick Check '=> A. Yes': options are" in "\n".join(messages)
    assert all(re.match(r"docs/page\.md:\d+: \S", message) for message in messages)


def test_repeated_question_on_a_page_is_an_error(make_page):
    block = BLOCK.format(topic="t", question="Same?")
    with pytest.raises(PluginError, match=r"docs/page.md:\d+: this question repeats the Quick Check at line 3"):
        run(*make_page("# T\n\n" + block + "\n" + block))


def test_page_without_quick_checks_is_left_alone(make_page):
    page, config, files = make_page("# T\n\nNo quiz here.\n")
    assert run(page, config, files) is None
    assert quick_checks.on_page_content("<p>x</p>", page=page, config=config, files=files) is None


def build(page, config, files):
    """Run the hook's three events as MkDocs does, around a stand-in for the theme's template."""
    page.markdown = run(page, config, files)
    page.render(config, files)
    page.content = quick_checks.on_page_content(page.content, page=page, config=config, files=files)
    output = f"<html><body><article>{page.content}</article></body></html>"
    return page.content, quick_checks.on_post_page(output, page=page, config=config)


def test_search_sees_only_the_question_and_the_finished_page_gets_the_quiz(make_page):
    page, config, files = make_page("# T\n\nBefore.\n\n" + BLOCK.format(topic="t", question="Which *one*?") + "\nAfter.\n")
    content, output = build(page, config, files)
    assert "<p>Which <em>one</em>?</p>" in content
    assert "Yes" not in content and "Explained" not in content and "<form" not in content
    (quiz,) = page.meta[quick_checks.HTML_KEY].values()
    assert output.count("<form") == 1 and quiz in output
    assert output.index("Before.") < output.index(quiz) < output.index("After.")
    assert "<!--quick-check" not in output and "<!--/quick-check" not in output


def test_a_template_that_drops_the_content_is_an_error(make_page):
    source = "# T\n\n" + BLOCK.format(topic="t", question="Q?")
    page, config, files = make_page(source)
    build(page, config, files)
    with pytest.raises(PluginError, match=r"^docs/page\.md:3: the page's template did not show the Quick Check"):
        quick_checks.on_post_page("<html></html>", page=page, config=config)
