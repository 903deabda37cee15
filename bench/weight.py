"""What a browser transfers for a question page and for a page without a quiz.

Each built site is served from 127.0.0.1 by a small server that gzips text
and sets `Cache-Control: max-age=600`, as GitHub Pages does, and Debian's
Chromium loads, each with an empty cache: a question page, the home page
(which has no quiz), and for the hook variant the practice page (every Quick
Check of the site). It also loads a second question page after a first, to
show what is left to fetch once the shared files are cached. Every response
body is counted at its transferred (compressed) size and sorted into the page
itself, the theme's files, the quiz's files, search (the worker and its
index, fetched after load) and anything else. Requests for any other host
are counted (Chromium is told to resolve no other host): there should be none.

For the hook variant it also checks, in the same browser, that Material's
instant navigation from the home page to a question page (and on to a second
one) brings the quiz's script and styles with it and makes the quizzes work.

Without Chromium or Playwright it falls back to reading the HTML: the same
files, without the search worker's requests and the instant-navigation check.
"""
from __future__ import annotations

import gzip
import html.parser
import io
import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
QUIZ_ASSET = re.compile(r"/assets/quick-check\.(?:js|css)$")
KINDS = ("page", "theme", "quiz", "search", "other")
PRACTICE = "practice/"  # every Quick Check of the site on one page: it grows with the site


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it, like a static host."""

    cache: dict[str, bytes] = {}
    site_url = ""  # the sitemap's URLs are rewritten from this to the server's own
    base = ""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages does
        super().end_headers()

    def log_message(self, *args) -> None:  # keep the benchmark's output readable
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlparse(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if path.suffix not in COMPRESSIBLE or not path.is_file():
            return super().send_head()
        key = (str(path), gzipped)
        if key not in self.cache:
            data = path.read_bytes()
            if path.name == "sitemap.xml" and self.site_url:
                # Material's instant navigation only takes over links listed in the sitemap.
                data = data.replace(self.site_url.encode(), self.base.encode())
            self.cache[key] = gzip.compress(data, compresslevel=6, mtime=0) if gzipped else data
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class Server:
    def __init__(self, root: Path, site_url: str):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        GzipHandler.cache, GzipHandler.site_url, GzipHandler.base = {}, site_url, self.url
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def kind(url: str) -> str:
    path = urlparse(url).path
    if QUIZ_ASSET.search(path):
        return "quiz"
    if "search" in path:
        return "search"
    if path.endswith("/") or path.endswith(".html"):
        return "page"
    if "/assets/" in path:
        return "theme"
    return "other"


def browser_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def measure(sites: dict[str, Path], question: str, plain: str, site_url: str = "") -> dict[str, dict]:
    """For each variant: bytes by kind for the question page and the plain page, and the checks."""
    if browser_available():
        return _measure_in_browser(sites, question, plain, site_url)
    return {variant: _measure_statically(site, question, plain) for variant, site in sites.items()}


def _empty() -> dict:
    return {k: 0 for k in KINDS}


def _summarise(site: Path, result: dict) -> dict:
    files = [site / "assets" / "quick-check.js", site / "assets" / "quick-check.css"]
    result["quiz_assets_files"] = all(f.is_file() for f in files)
    result["quiz_assets_gzip"] = sum(len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files if f.is_file())
    result["plain_loads_quiz_assets"] = result["plain"]["quiz"] > 0
    return result


def _measure_in_browser(sites: dict[str, Path], question: str, plain: str, site_url: str) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for variant, site in sites.items():
                server = Server(site, site_url)
                try:
                    result = {"method": "chromium", "external_requests": []}
                    for label, path in (("question", question), ("plain", plain)):
                        result[label], external = _load(browser, server.url, path)
                        result["external_requests"] += external
                    result["next_question"], external = _load_second(browser, server.url, question)
                    result["external_requests"] += external
                    if variant == "hook" and (site / PRACTICE / "index.html").is_file():
                        result["practice"], external = _load(browser, server.url, PRACTICE)
                        result["external_requests"] += external
                    if variant == "hook":
                        result["instant_ok"], result["instant_notes"] = _instant(browser, server.url)
                    results[variant] = _summarise(site, result)
                finally:
                    server.close()
        finally:
            browser.close()
    return results


def _track(context, base: str, totals: dict, external: list) -> None:
    """Count transferred bytes by kind, and note requests for other hosts.

    No request routing: Playwright turns the HTTP cache off when a route is
    set. Other hosts fail anyway, since Chromium resolves none of them.
    """
    def on_request(request):
        if not request.url.startswith(base) and not request.url.startswith(("data:", "blob:")):
            external.append(request.url)

    def on_finished(request):
        try:
            size = request.sizes()["responseBodySize"]
        except Exception:  # the response went away with a navigation
            return
        totals[kind(request.url)] += max(size, 0)  # -1: served from the browser's cache

    context.on("request", on_request)
    context.on("requestfinished", on_finished)


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # the search worker fetches its index after load


def _load(browser, base: str, path: str) -> tuple[dict, list[str]]:
    """A first visit to one page with an empty cache: transferred bytes by kind."""
    context = browser.new_context()
    totals, external = _empty(), []
    _track(context, base, totals, external)
    page = context.new_page()
    page.goto(base + path)
    _settle(page)
    context.close()
    return totals, external


def _load_second(browser, base: str, question: str) -> tuple[dict, list[str]]:
    """The next question page after a first one, with what the first left in the cache."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + question)
    _settle(page)
    totals, external = _empty(), []
    _track(context, base, totals, external)
    page.goto(base + question.replace("0001-question-1", "0002-question-2"))
    _settle(page)
    context.close()
    return totals, external


def _instant(browser, base: str) -> tuple[bool, str]:
    """Home (no quiz) -> question 1 -> home -> question 2, all by instant navigation."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base)
    _settle(page)
    page.evaluate("window.benchFirstLoad = true")  # gone if a click reloads the page
    ok = page.locator("script[src*='quick-check'], link[href*='quick-check']").count() == 0
    notes = [f"home page without quiz assets: {ok}"]
    for number in (1, 2):
        if number == 2:
            page.locator("a.md-logo").first.click()
            page.wait_for_url(base)
        page.locator(f".md-content a[href*='{number:04d}-question-{number}/']").first.click()
        page.wait_for_url(f"**/{number:04d}-question-{number}/")
        try:
            page.wait_for_selector("form.qc[data-qc-ready]", timeout=10_000)
        except Exception:
            notes.append(f"question {number}: quizzes not initialised")
            ok = False
            continue
        instant = page.evaluate("window.benchFirstLoad === true")
        form = page.locator("form.qc").first
        styled = form.evaluate("f => getComputedStyle(f).borderLeftWidth") != "0px"
        form.locator("input.qc__radio").first.check()
        form.locator("button.qc__check").click()
        feedback = form.locator(".qc__feedback p").first.inner_text(timeout=5_000)
        notes.append(f"question {number}: instant {instant}, quizzes ready, styled {styled}, feedback {feedback!r}")
        ok = ok and instant and styled and bool(feedback)
    notes.append(f"page errors: {errors or 'none'}")
    context.close()
    return ok and not errors, "; ".join(notes)


# ---------------------------------------------------------------------------
# Without a browser
# ---------------------------------------------------------------------------

class _Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon") and attrs.get("href"):
            self.refs.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.refs.append(attrs["src"])


def _static_page(site: Path, path: str) -> dict:
    totals = _empty()
    document = site / path / "index.html"
    text = document.read_text(encoding="utf-8")
    totals["page"] += len(gzip.compress(text.encode(), compresslevel=6, mtime=0))
    parser = _Refs()
    parser.feed(text)
    for ref in parser.refs:
        if urlparse(ref).scheme:
            continue
        target = Path(urljoin("/" + path, ref).lstrip("/"))
        file = site / target
        if file.is_file():
            data = file.read_bytes()
            size = len(gzip.compress(data, compresslevel=6, mtime=0)) if file.suffix in COMPRESSIBLE else len(data)
            totals[kind("/" + target.as_posix())] += size
    return totals


def _measure_statically(site: Path, question: str, plain: str) -> dict:
    result = {"method": "static (no Chromium: search requests not counted)", "external_requests": [],
              "question": _static_page(site, question), "plain": _static_page(site, plain)}
    result["next_question"] = {**_empty(), "page": result["question"]["page"]}
    return _summarise(site, result)


def table(weights: dict[str, dict]) -> str:
    def kb(value: int) -> str:
        return f"{value / 1024:.1f}"

    columns = ("page", "theme", "quiz", "other")
    rows = [f"  {'KB transferred':<34}" + "".join(f"{k:>8}" for k in columns) + f"{'total':>8}{'search':>9}"]
    for variant, result in weights.items():
        for label, name in (("question", "question page"), ("next_question", "then another question"),
                            ("plain", "home page (no quiz)"), ("practice", "practice page")):
            if label not in result:
                continue
            totals = result[label]
            rows.append(f"  {variant + ': ' + name:<34}" + "".join(f"{kb(totals[k]):>8}" for k in columns)
                        + f"{kb(sum(totals[k] for k in columns)):>8}{kb(totals['search']):>9}")
    hook = weights.get("hook", {})
    rows.append("  (total: what the page needs; search: the search worker and index, fetched after load, once per visit)")
    rows.append(f"  quiz JS + CSS: {hook.get('quiz_assets_gzip', 0)} B gzipped, served as files; loaded on the home page: "
                f"{'yes' if hook.get('plain_loads_quiz_assets') else 'no'}; requests to other hosts: "
                f"{sum(len(w['external_requests']) for w in weights.values())}; measured with {hook.get('method', '?')}")
    if "instant_notes" in hook:
        rows.append(f"  instant navigation: {'OK' if hook['instant_ok'] else 'FAILED'}: {hook['instant_notes']}")
    return "\n".join(rows)
