"""The progress and practice pages read and write the same stored answers as the question pages."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import choose_by_mouse, open_quiz, store_right_answers, wrong_letter

pytestmark = pytest.mark.browser


def answer_two_on_their_page(page, quiz_page):
    """Answer the page's first Quick Check right and its second wrong."""
    url, (first, second, *_) = quiz_page
    choose_by_mouse(open_quiz(page, url, first), first, first["answer"])
    form = page.locator(f"form#{second['id']}")
    choose_by_mouse(form, second, wrong_letter(second))
    expect(form.get_by_role("status")).to_contain_text("Not quite")
    return first, second


def test_progress_counts_answers_given_on_question_pages_and_resets(page, quiz_page, quizzes):
    url, on_page = quiz_page
    first, second = answer_two_on_their_page(page, quiz_page)

    page.evaluate("window.__sameDocument = true")
    page.locator(".md-sidebar--primary a[href$='progress/']").click()  # instant navigation
    progress = page.locator("[data-qc-progress]")
    expect(progress.locator("[data-qc-total]")).to_have_text(
        f"You have answered 2 of the {len(quizzes)} Quick Checks in this guide, 1 of them right."
    )
    row = progress.locator("tbody tr").filter(has=page.locator(f"a[href$='{url}']"))
    expect(row.locator("td")).to_have_text([str(len(on_page)), "2", "1"])
    expect(progress.locator("tfoot td")).to_have_text([str(len(quizzes)), "2", "1"])
    expect(progress.locator(f"[data-qc-quiz='{first['id']}']")).to_be_hidden()
    left = progress.locator(f"[data-qc-quiz='{second['id']}']")
    expect(left).to_be_visible()
    expect(left).to_contain_text("(answered wrong)")
    expect(left.get_by_role("link")).to_have_attribute("href", re.compile(rf"{re.escape(url)}#{second['id']}$"))
    expect(progress.locator("[data-qc-nojs]")).to_be_hidden()
    assert page.evaluate("window.__sameDocument") is True, "the page should have come by instant navigation"

    page.once("dialog", lambda dialog: dialog.accept())
    progress.get_by_role("button", name="Reset all answers").click()
    expect(progress.get_by_role("status")).to_have_text("All answers forgotten.")
    expect(progress.locator("tfoot td")).to_have_text([str(len(quizzes)), "0", "0"])
    expect(progress.locator(f"[data-qc-quiz='{first['id']}']")).to_be_visible()
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('hfig.quick-check.'))") == []


def test_progress_without_javascript_says_it_needs_it(new_context, quizzes):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("progress/")
    progress = page.locator("[data-qc-progress]")
    expect(progress.locator("[data-qc-nojs]")).to_contain_text("This page needs JavaScript")
    expect(progress.locator("table")).to_be_hidden()
    expect(progress.get_by_role("button")).to_have_count(0)
    expect(progress.locator("[data-qc-quiz]:visible")).to_have_count(len(quizzes))


SHOWN = """() => {
    const shown = [...document.querySelectorAll("[data-qc-practice] form.qc")].filter((form) => form.checkVisibility());
    return shown.map((form) => ({ id: form.id, checked: form.querySelectorAll(":checked").length }));
}"""
STAGED = "[data-qc-stage] form.qc[data-qc-ready]"


def shown_quizzes(page):
    """The practice quizzes on screen, once the current one has been fetched."""
    expect(page.locator(STAGED)).to_have_count(1)
    return page.evaluate(SHOWN)


def step_through(page, count):
    """Press Next through a round of `count`, checking each step shows one fresh quiz; the ids shown."""
    shown = []
    for number in range(1, count + 1):
        expect(page.locator("[data-qc-status]")).to_contain_text(f"Question {number} of {count}.")
        visible = shown_quizzes(page)
        assert len(visible) == 1 and visible[0]["checked"] == 0, visible
        shown.append(visible[0]["id"])
        page.locator("[data-qc-next]").click()
    return shown


def test_practice_offers_what_is_left_and_drills_it_one_at_a_time(page, quiz_page, quizzes):
    first, second = answer_two_on_their_page(page, quiz_page)
    unanswered = next(quiz for quiz in quizzes if quiz["id"] not in (first["id"], second["id"]))
    store_right_answers(page, [quiz for quiz in quizzes if quiz["id"] not in (first["id"], second["id"], unanswered["id"])])

    page.evaluate("window.__sameDocument = true")
    page.locator(".md-sidebar--primary a[href$='practice/']").click()  # instant navigation
    practice = page.locator("[data-qc-practice]")
    expect(practice.locator("[data-qc-start-text]")).to_contain_text(
        f"You have answered {len(quizzes) - 2} of them right so far."
    )
    practice.get_by_role("button", name="Practise the 2 not yet answered right").click()

    shown = step_through(page, 2)  # the one answered wrong starts fresh too
    assert sorted(shown) == sorted([second["id"], unanswered["id"]])
    expect(practice.locator("[data-qc-summary-text]")).to_have_text("You answered 0 of 2 Quick Checks and got 0 right.")
    expect(practice.locator("[data-qc-missed] a")).to_have_count(2)
    assert page.evaluate("window.__sameDocument") is True, "the page should have come by instant navigation"


def test_practice_round_is_shuffled_keeps_score_and_stores_answers(page, quizzes):
    by_id = {quiz["id"]: quiz for quiz in quizzes}
    page.goto("practice/")
    practice = page.locator("[data-qc-practice]")
    expect(practice.locator("[data-qc-nojs]")).to_be_hidden()
    practice.get_by_role("button", name=f"Practise all {len(quizzes)}").click()
    status = practice.locator("[data-qc-status]")

    form = practice.locator(STAGED)
    one = by_id[form.get_attribute("id")]
    expect(form.locator(".qc__radio").first).to_be_focused()
    choose_by_mouse(form, one, one["answer"])
    expect(form.get_by_role("status")).to_contain_text("Correct")
    expect(status).to_have_text(f"Question 1 of {len(quizzes)}. Score: 1 right of 1 answered.")
    practice.locator("[data-qc-next]").click()

    two = by_id[form.get_attribute("id")]
    expect(form.locator(".qc__radio").first).to_be_focused()
    choose_by_mouse(form, two, wrong_letter(two))
    expect(status).to_have_text(f"Question 2 of {len(quizzes)}. Score: 1 right of 2 answered.")
    form.get_by_role("button", name="Try again").click()  # a second try does not change the score
    choose_by_mouse(form, two, two["answer"])
    expect(form.get_by_role("status")).to_contain_text("Correct")
    expect(status).to_have_text(f"Question 2 of {len(quizzes)}. Score: 1 right of 2 answered.")
    practice.locator("[data-qc-next]").click()

    order = [one["id"], two["id"]]
    for number in range(3, len(quizzes) + 1):
        expect(status).to_contain_text(f"Question {number} of {len(quizzes)}.")
        visible = shown_quizzes(page)
        assert len(visible) == 1, visible
        order.append(visible[0]["id"])
        practice.locator("[data-qc-next]").click()
    assert sorted(order) == sorted(by_id), "every Quick Check once"
    assert order != list(by_id), "in a shuffled order"

    summary = practice.locator("[data-qc-summary]")
    expect(summary.get_by_role("heading", name="Your score")).to_be_focused()
    expect(summary.locator("[data-qc-summary-text]")).to_have_text(
        f"You answered 2 of {len(quizzes)} Quick Checks and got 1 right."
    )
    expect(summary.locator("[data-qc-missed] a")).to_have_count(len(quizzes) - 1)

    page.goto("progress/")
    expect(page.locator("[data-qc-total]")).to_have_text(
        f"You have answered 2 of the {len(quizzes)} Quick Checks in this guide, 2 of them right."
    )


def test_practice_without_javascript_links_every_quiz(new_context, quizzes):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("practice/")
    practice = page.locator("[data-qc-practice]")
    expect(practice.locator("[data-qc-nojs]")).to_be_visible()
    links = practice.locator("[data-qc-list] a:visible")
    expect(links).to_have_count(len(quizzes))
    assert [link.get_attribute("href").split("#")[1] for link in links.all()] == [quiz["id"] for quiz in quizzes]
    expect(practice.locator("[data-qc-start]")).to_be_hidden()


def test_a_practice_quiz_keeps_its_links_pointing_at_its_own_page(page, quizzes):
    """A quiz fetched into the practice page links where it does on its page."""
    linked = [quiz for quiz in quizzes if "](" in quiz["explanation"] and "](http" not in quiz["explanation"]]
    assert linked, "a Quick Check with relative links should exist to test this"
    quiz = linked[0]
    page.goto(quiz["page"])
    form = page.locator(f"form#{quiz['id']}")
    on_page = form.locator("a[href]").evaluate_all("links => links.map((link) => link.href)")
    assert any("#" in href for href in on_page) and any(f"/{quiz['page']}#" in href for href in on_page)
    store_right_answers(page, [other for other in quizzes if other["id"] != quiz["id"]])

    page.goto("practice/")
    page.get_by_role("button", name="Practise the 1 not yet answered right").click()
    staged = page.locator(f"[data-qc-stage] form#{quiz['id']}[data-qc-ready]")
    expect(staged).to_be_visible()
    expect(page.locator("[data-qc-stage] .qc-practice__from")).to_have_text(f"From {quiz['page_title']}")
    assert staged.locator("a[href]").evaluate_all("links => links.map((link) => link.href)") == on_page
    staged.locator(f"label[for='{quiz['id']}-{quiz['answer']}']").click()
    staged.get_by_role("button", name="Check").click()
    expect(staged.get_by_role("status")).to_contain_text("Correct")
    page.locator("[data-qc-next]").click()
    expect(page.locator("[data-qc-summary-text]")).to_have_text("You answered 1 of 1 Quick Checks and got 1 right.")


def test_practice_says_so_when_a_quiz_cannot_be_loaded(page, quizzes):
    page.route(f"**/{quizzes[0]['page']}", lambda route: route.fulfill(status=503, body="busy"))
    page.goto("practice/")
    store_right_answers(page, quizzes[1:])
    page.reload()
    page.get_by_role("button", name="Practise the 1 not yet answered right").click()
    stage = page.locator("[data-qc-stage]")
    expect(stage).to_contain_text("This Quick Check could not be loaded. Open it on its page:")
    expect(stage.get_by_role("link")).to_have_attribute("href", re.compile(rf"/{quizzes[0]['page']}#{quizzes[0]['id']}$"))
