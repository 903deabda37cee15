"""A tiny HTML reader for tests: the start tags of a fragment, in order."""
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def elements(html: str) -> list[tuple[str, dict]]:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def text(html: str) -> str:
    collector = _Collector()
    collector.feed(html)
    return "".join(collector.text)
