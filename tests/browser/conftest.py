"""Browser fixtures: the real build served on 127.0.0.1, and Debian's Chromium kept offline.

One Chromium for the whole session (pytest-playwright's `browser`), one build
(`built_site` from tests/conftest.py), one server per header set. Every
browser context records its requests and fails the test if one left the
local server.

The site is served as its host would: under the path of `site_url` (the 404
page uses absolute links), with `404.html` for a missing file. Like
`mkdocs serve`, the server gives `sitemap.xml` the address it serves on
instead of `site_url`: Material's instant navigation only intercepts links
to pages it finds in the sitemap.
"""
from __future__ import annotations

import functools
import json
import re
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import content_security_policy, inline_scripts

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's, as scripts/setup installs it
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]


class _SiteHandler(SimpleHTTPRequestHandler):
    """The built site under `mount`, quietly, with extra response headers."""

    extra_headers: dict[str, str] = {}
    mount = "/"
    base_url = ""

    def translate_path(self, path):
        if not path.startswith(self.mount):
            return str(Path(self.directory) / "missing")
        return super().translate_path("/" + path[len(self.mount):])

    def do_GET(self):
        if self.path.split("?")[0] != self.mount + "sitemap.xml":
            return super().do_GET()
        sitemap = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        self._send(200, "application/xml", sitemap.replace(_site_url(self.directory), self.base_url).encode())

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        self._send(404, "text/html", (Path(self.directory) / "404.html").read_bytes())

    def _send(self, code: int, content_type: str, body: bytes):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # the browser hung up: not news
            super().handle_error(request, client_address)


def _site_url(site: str) -> str:
    """The built site's `site_url`: the first address in its sitemap, the home page's."""
    return re.search(r"<loc>([^<]*)</loc>", (Path(site) / "sitemap.xml").read_text(encoding="utf-8")).group(1)


@pytest.fixture(scope="session")
def serve_site(built_site):
    """`serve_site(headers)` -> the base URL of the built site served with those headers."""
    servers = []

    def serve(headers: dict[str, str] | None = None) -> str:
        mount = urlsplit(_site_url(str(built_site))).path
        handler = type("Handler", (_SiteHandler,), {"extra_headers": dict(headers or {}), "mount": mount})
        server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(built_site)))
        handler.base_url = f"http://127.0.0.1:{server.server_address[1]}{mount}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return handler.base_url

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(serve_site) -> str:
    return serve_site()


@pytest.fixture(scope="session")
def csp_base_url(serve_site, built_site) -> str:
    return serve_site({"Content-Security-Policy": content_security_policy(inline_scripts(built_site))})


@pytest.fixture(scope="session")
def quizzes(built_site) -> list[dict]:
    return json.loads((built_site / "quizzes.json").read_text(encoding="utf-8"))["quizzes"]


@pytest.fixture(scope="session")
def quiz_page(quizzes) -> tuple[str, list[dict]]:
    """A question page with at least two Quick Checks: (its URL path, its quizzes)."""
    pages: dict[str, list[dict]] = {}
    for quiz in quizzes:
        pages.setdefault(quiz["page"], []).append(quiz)
    return next((url, found) for url, found in pages.items() if len(found) >= 2)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def new_context(new_context):
    """pytest-playwright's contexts, each failing the test if a request left the local server."""
    requests: list[str] = []
    failed: list[str] = []  # ERR_ABORTED is a request cut short by navigation, not a failure

    def make(**kwargs):
        context = new_context(**kwargs)
        context.on("request", lambda request: requests.append(request.url))
        context.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
        return context

    yield make
    outside = [url for url in requests if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]
    assert not outside, f"requests left localhost: {outside}"
    assert not [failure for failure in failed if "ERR_ABORTED" not in failure], f"requests failed: {failed}"
