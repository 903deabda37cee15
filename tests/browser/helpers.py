"""Helpers for the browser tests: driving a quiz, and the site's inline scripts."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from playwright.sync_api import expect

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
STORAGE = "hfig.quick-check."  # the prefix of the quizzes' localStorage keys


def wrong_letter(quiz):
    return next(option["letter"] for option in quiz["options"] if option["letter"] != quiz["answer"])


def open_quiz(page, url, quiz):
    """Go to `url` and return the quiz's form once the script has made it interactive."""
    page.goto(url)
    form = page.locator(f"form#{quiz['id']}")
    expect(form).to_have_attribute("data-qc-ready", "true")
    return form


def choose_by_mouse(form, quiz, letter):
    form.locator(f"label[for='{quiz['id']}-{letter}']").click()
    form.get_by_role("button", name="Check").click()


def store_right_answers(page, quizzes):
    """Store a right answer for each of `quizzes`, as the quizzes do (see CONTRIBUTING.md)."""
    answers = {f"{STORAGE}{quiz['id']}": {"choice": quiz["answer"], "correct": True, "at": "2026-01-01T00:00:00.000Z"}
               for quiz in quizzes}
    page.evaluate("answers => { for (const [k, v] of Object.entries(answers)) localStorage.setItem(k, JSON.stringify(v)); }",
                  answers)


def inline_scripts(site: Path) -> set[str]:
    """The text of every inline script the browser would run, over all pages of `site`."""
    found = set()
    for page in site.rglob("*.html"):
        for attributes, body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            kind = re.search(r'\btype="([^"]*)"', attributes)
            if not kind or kind.group(1) in ("module", "text/javascript"):
                found.add(body)
    return found


def content_security_policy(scripts: set[str]) -> str:
    """Scripts from the site itself plus `scripts` by hash; nothing from elsewhere.

    Styles may be inline: Material's script sets `style` attributes.
    """
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'" for script in sorted(scripts)
    )
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
