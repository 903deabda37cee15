"""A Quick Check on a question page, driven like a reader would: mouse, keyboard, reload, navigation."""
import pytest
from playwright.sync_api import expect

from .helpers import STORAGE, choose_by_mouse, open_quiz, wrong_letter

pytestmark = pytest.mark.browser


def test_wrong_then_right_by_mouse_with_feedback_in_a_live_region(page, quiz_page):
    url, (quiz, _, *_) = quiz_page
    form = open_quiz(page, url, quiz)
    region = form.locator(".qc__feedback")
    expect(region).to_have_attribute("role", "status")
    expect(region).to_be_empty()
    region_handle = region.element_handle()

    wrong = wrong_letter(quiz)
    choose_by_mouse(form, quiz, wrong)
    expect(region).to_contain_text(f"Not quite: you chose {wrong}, the answer is {quiz['answer']}.")
    why = form.locator(f"[data-qc-option='{wrong}'] .qc__why-text").text_content().strip()
    expect(region).to_contain_text(why)
    expect(form.locator(".qc__answer")).to_have_attribute("open", "")
    expect(form.locator(".qc__option--wrong input")).to_have_value(wrong)

    form.get_by_role("button", name="Try again").click()
    expect(region).to_be_empty()
    expect(form.locator(".qc__radio:checked")).to_have_count(0)

    choose_by_mouse(form, quiz, quiz["answer"])
    expect(region).to_contain_text(f"Correct: {quiz['answer']} is the answer.")
    assert page.evaluate("region => region.isConnected", region_handle), "the live region must stay the same element"


def test_wrong_then_right_by_keyboard_only(page, quiz_page):
    url, (quiz, _, *_) = quiz_page
    form = open_quiz(page, url, quiz)
    letters = [option["letter"] for option in quiz["options"]]
    check = form.get_by_role("button", name="Check")
    retry = form.get_by_role("button", name="Try again")

    def answer(letter):
        form.locator(".qc__radio").first.focus()
        index = letters.index(letter)
        page.keyboard.press("Space" if index == 0 else "ArrowDown")
        for _ in range(index - 1):
            page.keyboard.press("ArrowDown")
        expect(form.locator(f"#{quiz['id']}-{letter}")).to_be_checked()
        page.keyboard.press("Tab")
        expect(check).to_be_focused()
        page.keyboard.press("Enter")

    answer(wrong_letter(quiz))
    expect(form.get_by_role("status")).to_contain_text("Not quite")
    expect(retry).to_be_focused()
    page.keyboard.press("Enter")
    expect(form.locator(".qc__radio").first).to_be_focused()
    answer(quiz["answer"])
    expect(form.get_by_role("status")).to_contain_text("Correct")


def test_checking_without_a_choice_asks_for_one(page, quiz_page):
    url, (quiz, _, *_) = quiz_page
    form = open_quiz(page, url, quiz)
    form.get_by_role("button", name="Check").click()
    expect(form.get_by_role("status")).to_have_text("Choose an option first.")
    assert page.evaluate("key => localStorage.getItem(key)", STORAGE + quiz["id"]) is None


def test_answer_is_restored_after_reload(page, quiz_page):
    url, (quiz, _, *_) = quiz_page
    form = open_quiz(page, url, quiz)
    wrong = wrong_letter(quiz)
    choose_by_mouse(form, quiz, wrong)
    stored = page.evaluate("key => JSON.parse(localStorage.getItem(key))", STORAGE + quiz["id"])
    assert stored["choice"] == wrong and stored["correct"] is False and stored["at"]

    page.reload()
    expect(form).to_have_attribute("data-qc-ready", "true")
    expect(form.locator(f"#{quiz['id']}-{wrong}")).to_be_checked()
    expect(form.get_by_role("status")).to_contain_text(f"you chose {wrong}")
    expect(form.get_by_role("button", name="Try again")).to_be_visible()
    expect(form.get_by_role("button", name="Check")).to_be_hidden()


def expect_one_working_set_of_controls(page):
    forms = page.locator("form.qc")
    count = forms.count()
    assert count >= 2
    expect(page.locator("form.qc .qc__actions:visible")).to_have_count(count)
    expect(page.locator("form.qc .qc__check")).to_have_count(count)
    expect(page.locator("form.qc .qc__retry")).to_have_count(count)


def test_instant_navigation_away_and_back_keeps_one_working_set_of_controls(page, quiz_page):
    url, (first, second, *_) = quiz_page
    page.goto("./")
    page.evaluate("window.__sameDocument = true")
    page.locator(f"article a[href$='{url}']").first.click()  # from the home page's overview table
    form = page.locator(f"form#{first['id']}")
    expect(form).to_have_attribute("data-qc-ready", "true")
    choose_by_mouse(form, first, first["answer"])

    page.locator("a.md-footer__link--next").click()
    expect(page.locator(f"form#{first['id']}")).to_have_count(0)
    page.go_back()
    expect(form).to_have_attribute("data-qc-ready", "true")
    page.locator("a.md-footer__link--next").click()
    page.go_back()
    expect(form).to_have_attribute("data-qc-ready", "true")
    assert page.evaluate("window.__sameDocument") is True, "navigation should not have reloaded the page"

    expect_one_working_set_of_controls(page)
    expect(form.get_by_role("status")).to_contain_text("Correct")
    # A second copy of the script (another URL, e.g. a cache-busting query) must not enhance twice.
    page.evaluate("""async () => {
        const script = document.querySelector("script[src*='quick-check.js']");
        await import(new URL(script.src, location.href).href + "?second-copy");
        window.__answers = 0;
        document.addEventListener("qc:answer", () => { window.__answers += 1; });
    }""")
    other = page.locator(f"form#{second['id']}")
    choose_by_mouse(other, second, wrong_letter(second))
    expect(other.get_by_role("status")).to_contain_text("Not quite")
    expect(other.locator(".qc__feedback p")).to_have_count(1)
    assert page.evaluate("window.__answers") == 1


def test_without_javascript_the_answer_is_reachable(new_context, quiz_page):
    url, (quiz, _, *_) = quiz_page
    page = new_context(java_script_enabled=False).new_page()
    page.goto(url)
    form = page.locator(f"form#{quiz['id']}")
    expect(form.locator(".qc__actions")).to_be_hidden()
    expect(form.locator(".qc__solution")).to_be_hidden()
    form.locator(".qc__answer summary").click()
    option = next(o for o in quiz["options"] if o["letter"] == quiz["answer"])
    expect(form.locator(".qc__solution")).to_be_visible()
    expect(form.locator(".qc__solution")).to_contain_text(f"Answer: {quiz['answer']}.")
    expect(form.locator(".qc__why")).to_be_visible()
    assert option["text"].split()[0].strip("`*") in form.locator(".qc__solution").text_content()


BROKEN_STORAGE = {
    "throws": """
        Object.defineProperty(window, "localStorage", {
            get() { throw new DOMException("The user denied storage", "SecurityError"); },
        });
    """,
    "is full": """
        Storage.prototype.setItem = function () { throw new DOMException("full", "QuotaExceededError"); };
    """,
}


@pytest.mark.parametrize("trouble", list(BROKEN_STORAGE))
def test_quiz_works_when_storage_fails(new_context, quiz_page, trouble):
    url, (quiz, *_) = quiz_page
    context = new_context()
    context.add_init_script(BROKEN_STORAGE[trouble])
    page = context.new_page()
    errors = []  # the theme's own inline scripts do fail when storage throws; ours must not
    page.on("pageerror", lambda error: errors.append(error.stack or str(error)))
    form = open_quiz(page, url, quiz)
    choose_by_mouse(form, quiz, wrong_letter(quiz))
    expect(form.get_by_role("status")).to_contain_text("Not quite")
    expect(form.get_by_role("button", name="Try again")).to_be_focused()
    form.get_by_role("button", name="Try again").click()
    choose_by_mouse(form, quiz, quiz["answer"])
    expect(form.get_by_role("status")).to_contain_text("Correct")
    assert not [error for error in errors if "/assets/" in error and "javascripts/bundle" not in error], errors


GARBAGE = ["{not json", "null", '"B"', "[]", '{"choice": 7}', '{"choice": "Z", "correct": true}', '{"choice": null}']


def test_quiz_works_when_storage_holds_garbage(new_context, quiz_page):
    url, quizzes = quiz_page
    context = new_context()
    seeds = {STORAGE + quiz["id"]: GARBAGE[i % len(GARBAGE)] for i, quiz in enumerate(quizzes)}
    context.add_init_script(f"""
        if (!sessionStorage.getItem("seeded")) {{
            for (const [key, value] of Object.entries({seeds!r})) localStorage.setItem(key, value);
            sessionStorage.setItem("seeded", "1");
        }}
    """)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for quiz in quizzes:
        form = open_quiz(page, url, quiz) if quiz is quizzes[0] else page.locator(f"form#{quiz['id']}")
        expect(form).to_have_attribute("data-qc-ready", "true")
        expect(form.get_by_role("button", name="Check")).to_be_visible()
        choose_by_mouse(form, quiz, quiz["answer"])
        expect(form.get_by_role("status")).to_contain_text("Correct")
    assert not errors
    page.reload()
    for quiz in quizzes:
        expect(page.locator(f"form#{quiz['id']}").get_by_role("status")).to_contain_text("Correct")
