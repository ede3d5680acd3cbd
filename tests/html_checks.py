"""HTML checks shared by the section tests: nothing is loaded from another host."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

LOCAL_HOSTS = {"", "testserver"}
# Attributes whose addresses a browser fetches by itself.
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "action", "formaction"}


class _AddressCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loaded = []  # (tag, attribute, address) the browser fetches unasked
        self.anchors = []  # (tag, attrs) of <a href>
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value is None:
                continue
            if name in LOADING_ATTRIBUTES:
                for part in value.split(","):
                    address = part.strip().split(" ")[0]
                    self.loaded.append((tag, name, address))
            elif (name == "href" and tag == "link") or (
                name.startswith("data-") and name != "data-tile-url" and "://" in value
            ):
                self.loaded.append((tag, name, value))
        if tag == "a" and "href" in attrs:
            self.anchors.append(attrs)
        if tag == "script":
            self.scripts.append(attrs)


def collect(html):
    parser = _AddressCollector()
    parser.feed(html)
    return parser


def is_local(address):
    return urlsplit(address).hostname in (None, "testserver")


def assert_only_local_resources(html, anchors_too=False):
    """Every src/srcset/<link href>/data-* address is this site's; <a href> too if asked.

    The map's tile server (data-tile-url) is the one configurable exception.
    """
    found = collect(html)
    foreign = [item for item in found.loaded if not is_local(item[2])]
    assert foreign == []
    if anchors_too:
        assert [a["href"] for a in found.anchors if not is_local(a["href"])] == []
    # No inline scripts: every script comes from a file of this site, deferred.
    for script in found.scripts:
        assert script.get("src"), "inline <script>"
        assert is_local(script["src"])


def external_anchors(html):
    return [a for a in collect(html).anchors if not is_local(a["href"])]
