"""What the archive changes in the pages it keeps, and how the static copy links its files.

Both the WARC and the static copy hold each page as the live site served it, except its forms:
a form that sends something to the site (contact, poll, a proposal to the names register) cannot
work in an archive, and its CSRF token is the crawler's own, so it becomes a short note in the
page's language with a link to the page on the live site. The static copy also links every file
it holds by a relative path (it works opened from disk and on any host), swaps the search form's
target for the offline search page, and loads nothing from another host: a picture, frame or
script from elsewhere becomes a link to it. Fonts are written into the style sheets as data:
addresses, the one way a page opened from disk may use them (browsers refuse a font file to a
file: page as a cross-origin request).
"""

import base64
import posixpath
import re
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from preservation.capture import page_query

# Where each kind of element names another address.
URL_ATTRIBUTES = {
    "a": ("href",), "link": ("href",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "script": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "iframe": ("src",), "embed": ("src",), "form": ("action",),
}
DATA_URL_ATTRIBUTES = ("data-geojson-url",)
# Absolute by their nature (what a shared link shows): followed, never rewritten.
META_IMAGES = ("og:image", "twitter:image", "og:image:secure_url")
# Elements that would load something from another host in the static copy.
LOADING = {"img", "iframe", "embed", "script", "video", "audio", "source", "track"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
EXTENSIONS = {
    "text/html": ".html", "application/rss+xml": ".xml", "application/atom+xml": ".xml",
    "application/xml": ".xml", "text/xml": ".xml", "application/geo+json": ".geojson",
    "application/json": ".json", "application/vnd.citationstyles.csl+json": ".json",
    "text/plain": ".txt", "application/x-bibtex": ".bib", "application/x-research-info-systems":
    ".ris", "text/csv": ".csv",
}


def parse(body: bytes) -> BeautifulSoup:
    return BeautifulSoup(body, "html.parser")


def page_language(soup: BeautifulSoup) -> str:
    html = soup.find("html")
    return (html.get("lang") if html else "") or ""


def srcset_urls(value: str) -> list[str]:
    return [item.strip().split()[0] for item in value.split(",") if item.strip()]


def html_links(soup: BeautifulSoup) -> list[tuple[object, str, str]]:
    """(element, attribute, address) for every address an element of the page names."""
    found = []
    for tag in soup.find_all(True):
        for attribute in URL_ATTRIBUTES.get(tag.name, ()) + DATA_URL_ATTRIBUTES:
            value = tag.get(attribute)
            if not value:
                continue
            urls = srcset_urls(value) if attribute == "srcset" else [value]
            found += [(tag, attribute, url) for url in urls]
        if tag.name == "meta" and tag.get("property", tag.get("name")) in META_IMAGES:
            found.append((tag, "content", tag.get("content", "")))
    return found


def css_links(text: str) -> list[str]:
    """The addresses a style sheet names (not its data: URIs or fragments)."""
    found = [match.group(2) or match.group(4) for match in CSS_URL.finditer(text)]
    return [value for value in found if not value.startswith(("data:", "#"))]


def replace_forms(soup: BeautifulSoup, live_url: str) -> bool:
    """Each form that posts becomes the note; True when the page had one."""
    forms = [form for form in soup.find_all("form")
             if (form.get("method") or "get").lower() == "post"]
    if not forms:
        return False
    language = page_language(soup) or None
    with translation.override(language):
        note = render_to_string("preservation/form_note.html", {"live_url": live_url})
    for form in forms:
        form.replace_with(BeautifulSoup(note, "html.parser"))
    return True


# -- the static copy's files --------------------------------------------------------------
def file_path(url: str, content_type: str) -> str:
    """Where the static copy keeps the response to ``url``: its path, with ``index.html`` (or
    the extension of its type) for an address ending in "/", and a list's page N beside the
    first as ``index-page-N.html``."""
    path = posixpath.normpath(unquote(urlsplit(url).path))
    path = "" if path in ("/", ".") else path.lstrip("/")
    if path.startswith(".."):
        raise ValueError(f"Unsafe path in {url}")
    number = page_query(url)
    directory_like = urlsplit(url).path.endswith("/") or not posixpath.splitext(path)[1]
    if directory_like:
        extension = EXTENSIONS.get(content_type, ".html" if content_type == "" else ".bin")
        name = f"index-page-{number}{extension}" if number else f"index{extension}"
        return posixpath.join(path, name) if path else name
    if number:
        stem, extension = posixpath.splitext(path)
        return f"{stem}-page-{number}{extension}"
    return path


def relative(target: str, source: str) -> str:
    """The link from the file ``source`` to the file ``target`` (both as in the static copy)."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


FONT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf"}


class Linker:
    """Turns the addresses named in a page into links between the static copy's files."""

    def __init__(self, site, paths: dict[str, str], redirects: dict[str, str], read=None):
        self.site = site
        self.paths = paths  # absolute URL -> file in the static copy
        self.redirects = redirects  # absolute URL -> where it leads
        self.read = read  # file in the static copy -> its bytes (for fonts)

    def resolve(self, url: str) -> str | None:
        seen = set()
        while url in self.redirects and url not in seen:
            seen.add(url)
            url = self.redirects[url]
        return self.paths.get(url)

    def link(self, value: str, page_url: str, source: str) -> str:
        """The relative link for ``value`` (as written in the file ``source`` at ``page_url``);
        the live address for what the copy does not hold; unchanged for other sites."""
        fragment = ""
        if "#" in value:
            value, fragment = value.split("#", 1)
            fragment = "#" + fragment
        if not value:
            return fragment
        absolute = self.site.absolute(value, page_url)
        target = self.resolve(absolute) if absolute else None
        if target is not None:
            return relative(target, source) + fragment
        joined = urlsplit(value)
        if not joined.scheme and not joined.netloc and not value.startswith(("mailto:", "tel:")):
            # An address of the site that the archive does not keep (a search, a filter, a
            # private page): the live site's.
            return urljoin(page_url, value) + fragment
        return value + fragment

    def font(self, value: str, url: str) -> str | None:
        """A font the static copy holds, as a data: address."""
        absolute = self.site.absolute(value.split("#")[0], url)
        target = self.resolve(absolute) if absolute else None
        kind = FONT_TYPES.get(posixpath.splitext(target or "")[1])
        if not kind or self.read is None:
            return None
        return f"data:{kind};base64," + base64.b64encode(self.read(target)).decode("ascii")

    def rewrite_html(self, soup: BeautifulSoup, page_url: str, source: str) -> None:
        for tag in soup.find_all("link", rel="preload", attrs={"as": "font"}):
            tag.decompose()  # the fonts are in the style sheet (module docstring)
        for tag, attribute, value in html_links(soup):
            if attribute == "content":
                continue  # a shared link's picture stays the live site's address
            if tag.name == "link" and "canonical" in (tag.get("rel") or []):
                continue  # the live page stays the original
            if tag.has_attr("data-live"):
                continue  # a link to the live site on purpose (the form's note)
            if attribute == "srcset":
                continue  # rewritten whole below
            if tag.name in LOADING and self._foreign(value, page_url):
                self._unload(tag, attribute, value)
                continue
            tag[attribute] = self.link(value, page_url, source)
        for tag in soup.find_all(srcset=True):
            items = []
            for item in tag["srcset"].split(","):
                bits = item.strip().split()
                if not bits:
                    continue
                if self._foreign(bits[0], page_url):
                    continue
                items.append(" ".join([self.link(bits[0], page_url, source), *bits[1:]]))
            tag["srcset"] = ", ".join(items)

    def _foreign(self, value: str, page_url: str) -> bool:
        parts = urlsplit(value)
        if not parts.netloc:
            return False
        return self.site.absolute(value, page_url) is None

    @staticmethod
    def _unload(tag, attribute, value):
        """Something from another host: a link to it instead of loading it."""
        if tag.name in ("script", "source", "track"):
            tag.decompose()
            return
        if tag.name == "img":
            del tag[attribute]
            tag.name = "span"
            tag.string = tag.get("alt", "")
            for name in list(tag.attrs):
                if name not in ("class", "lang"):
                    del tag[name]
            return
        tag.name = "a"
        for name in list(tag.attrs):
            if name not in ("class", "title"):
                del tag[name]
        tag["href"] = value
        if not tag.get_text(strip=True):
            tag.string = tag.get("title") or value

    def rewrite_css(self, text: str, url: str, source: str) -> str:
        def replace(match):
            value = match.group(2) or match.group(4)
            if value.startswith(("data:", "#")):
                return match.group(0)
            new = self.font(value, url) or self.link(value, url, source)
            if match.group(2):
                return f"url({match.group(1)}{new}{match.group(1)})"
            return f"@import {match.group(3)}{new}{match.group(3)}"

        return CSS_URL.sub(replace, text)
