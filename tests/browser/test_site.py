"""The whole site in the browser: a strict Content-Security-Policy, no request leaving
localhost, and axe-core in both palettes."""
from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import INLINE_SCRIPT, choose_by_mouse, inline_scripts, open_quiz, store_right_answers, wrong_letter

pytestmark = pytest.mark.browser

THEME_TEMPLATES = Path(material.__file__).parent / "templates"

# Stock Material markup that the project's CSS cannot fix, excluded by name:
THEME_EXCLUDES = [
    ".md-search",  # aria-dialog-name: the search <div role="dialog"> has no accessible name (partials/search.html)
    ".md-tags",  # landmark-unique: the page's tags are an unlabelled second <nav> (partials/tags.html)
    ".md-code__nav",  # landmark-unique: each code block's copy button sits in an unlabelled <nav> (bundle.js)
]
COMPONENTS = ["form.qc", "[data-qc-progress]", "[data-qc-practice]"]


def site_pages(site: Path) -> list[str]:
    """Every page of the built site as a URL relative to the site root, plus a missing one (404)."""
    pages = sorted(path.parent.relative_to(site).as_posix() + "/" for path in site.rglob("index.html"))
    return [("" if page == "./" else page) for page in pages] + ["no-such-page/"]


def theme_script_patterns() -> list[re.Pattern]:
    """Material's inline scripts as regular expressions, template expressions as wildcards."""
    patterns = []
    for template in THEME_TEMPLATES.rglob("*.html"):
        for _, body in INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            parts = re.split(r"\{\{.*?\}\}", body)
            patterns.append(re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL))
    return patterns


def test_every_inline_script_of_the_site_is_the_themes(built_site):
    patterns = theme_script_patterns()
    scripts = inline_scripts(built_site)
    assert scripts, "the theme is expected to have inline scripts"
    ours = [script[:80] for script in scripts if not any(p.fullmatch(script.strip()) for p in patterns)]
    assert not ours, f"inline scripts that are not Material's: {ours}"


VIOLATIONS = """() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation",
        (event) => window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`));
}"""


def test_site_works_under_a_strict_content_security_policy(new_context, csp_base_url, quiz_page):
    url, (first, second, *_) = quiz_page
    context = new_context()
    context.add_init_script(f"({VIOLATIONS})()")
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(csp_base_url)
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = true";
        document.body.append(script);
    }""")
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__injected") is None, "the policy should block an inline script"
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
    page.evaluate("window.__violations = []")
    console.clear()

    page.locator(f"article a[href$='{url}']").first.click()  # instant navigation
    form = page.locator(f"form#{first['id']}")
    expect(form).to_have_attribute("data-qc-ready", "true")
    choose_by_mouse(form, first, wrong_letter(first))
    expect(form.get_by_role("status")).to_contain_text("Not quite")
    page.reload()
    form = page.locator(f"form#{second['id']}")
    expect(form).to_have_attribute("data-qc-ready", "true")
    choose_by_mouse(form, second, second["answer"])
    expect(form.get_by_role("status")).to_contain_text("Correct")

    page.goto(csp_base_url + "progress/")
    expect(page.locator("[data-qc-total]")).to_contain_text("You have answered 2 of")
    page.goto(csp_base_url + "practice/")
    page.locator("[data-qc-practice-all]").click()
    practice_form = page.locator("[data-qc-stage] form.qc[data-qc-ready]")
    practice_form.locator(".qc__radio").first.check()
    practice_form.get_by_role("button", name="Check").click()
    expect(practice_form.get_by_role("status")).not_to_be_empty()

    assert page.evaluate("window.__violations") == []
    assert not [text for text in console if "Content Security Policy" in text], console


def test_no_request_leaves_localhost(page, quiz_page, base_url):
    """A page of each kind and a search. Every test's browser context also fails
    on a request that leaves the server (conftest.py), and the axe tests below
    open every page of the site."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ["", quiz_page[0], "progress/", "practice/", "tags/", "no-such-page/"]:
        page.goto(path)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("tokenizer")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert any(url.endswith("search_index.json") for url in requests)
    assert [url for url in requests if not url.startswith(base_url)] == []


# Only these rules depend on the palette's colours: the others see the same page in both.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_RUN = """async ([context, contrastWithin, rules]) => {
    axe.reset();
    if (contrastWithin) axe.configure({ rules: [{ id: "color-contrast", selector: `:is(${contrastWithin}) *` }] });
    const result = await axe.run(context, { resultTypes: ["violations"], ...(rules ? { runOnly: rules } : {}) });
    return result.violations.map((v) => `${v.id} at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
}"""


def axe_violations(page, axe, context, contrast_within: str | None = None, rules: list[str] | None = None) -> list[str]:
    """axe-core's violations in `context`, for `rules` (default: all); contrast only inside `contrast_within`."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)
    return page.evaluate(AXE_RUN, [context, contrast_within, rules])


@pytest.fixture(scope="module")
def axe():
    return Axe()


def check_palette(page, scheme):
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")


def rules_for(scheme: str) -> list[str] | None:
    """Every rule in the light palette; in the dark one, only those its colours can change."""
    return COLOUR_RULES if scheme == "dark" else None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_any_page(new_context, built_site, axe, quiz_page, scheme):
    """Every page with every rule in the light palette; a page of each kind with the colour rules in the dark one.

    Contrast is checked on the whole of a page of each kind. Checking every
    word of every code sample takes seconds a page, and on the other question
    pages it would only repeat that check of the palette's colours: there it
    is limited to the quizzes, which the next test checks in both palettes.
    """
    kinds = {"", "tags/", "progress/", "practice/", "no-such-page/", quiz_page[0]}
    exclude = [[selector] for selector in THEME_EXCLUDES]
    page = new_context(color_scheme=scheme).new_page()
    found = {}
    for path in site_pages(built_site) if scheme == "light" else sorted(kinds):
        page.goto(path)
        check_palette(page, scheme)
        found[path] = axe_violations(page, axe, {"exclude": exclude}, None if path in kinds else ", ".join(COMPONENTS),
                                     rules_for(scheme))
    assert {page: problems for page, problems in found.items() if problems} == {}
    assert set(found) >= kinds


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_any_quiz_with_its_answer_open(new_context, axe, quizzes, scheme):
    """Every quiz of the site, on its page, with its answer open."""
    page = new_context(color_scheme=scheme).new_page()
    found = {}
    for url in dict.fromkeys(quiz["page"] for quiz in quizzes):
        page.goto(url)
        check_palette(page, scheme)
        page.evaluate("() => { for (const details of document.querySelectorAll('.qc__answer')) details.open = true; }")
        expect(page.locator(".qc__solution:visible")).to_have_count(sum(quiz["page"] == url for quiz in quizzes))
        found[url] = axe_violations(page, axe, {"include": [["form.qc"]]}, rules=rules_for(scheme))
    assert {url: problems for url, problems in found.items() if problems} == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_components_once_used(new_context, axe, quiz_page, quizzes, scheme):
    url, (first, second, *_) = quiz_page
    page = new_context(color_scheme=scheme).new_page()
    include = {"include": [[selector] for selector in COMPONENTS]}
    found = {}

    form = open_quiz(page, url, first)
    choose_by_mouse(form, first, wrong_letter(first))  # focus is now on "Try again"
    choose_by_mouse(page.locator(f"form#{second['id']}"), second, second["answer"])
    found["answered quizzes"] = axe_violations(page, axe, include, rules=rules_for(scheme))

    page.goto("progress/")
    expect(page.locator("[data-qc-total]")).to_contain_text("You have answered 2 of")
    found["progress"] = axe_violations(page, axe, include, rules=rules_for(scheme))

    store_right_answers(page, [quiz for quiz in quizzes if quiz["id"] not in (first["id"], quizzes[-1]["id"])])
    page.goto("practice/")
    page.get_by_role("button", name="Practise the 2 not yet answered right").click()
    practice_form = page.locator("[data-qc-stage] form.qc[data-qc-ready]")
    practice_form.locator(".qc__radio").first.check()
    practice_form.get_by_role("button", name="Check").click()
    found["practice, answered"] = axe_violations(page, axe, include, rules=rules_for(scheme))
    page.locator("[data-qc-next]").click()
    page.locator("[data-qc-next]").click()
    expect(page.locator("[data-qc-summary]")).to_be_visible()
    # The pointer rests where "Next" was, which may now be over "Practise again":
    # check the resting state, not a colour caught halfway through the hover transition.
    page.mouse.move(0, 0)
    page.add_style_tag(content="* { transition: none !important; }")
    found["practice, summary"] = axe_violations(page, axe, include, rules=rules_for(scheme))

    assert {state: problems for state, problems in found.items() if problems} == {}
