"""A page's summary: the text that stands for it where the page itself is not shown, in
search results (core.search) and in what a shared link shows (sharing.seo), in the reader's
language or the fallback the page shows."""

import html
import re

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname
from wagtail.blocks import StreamValue

from core import i18n

# Search engines show about 160 characters of a description.
DESCRIPTION_LIMIT = 160
DESCRIPTION_FIELDS = ("search_description", "summary", "lead", "intro")
_BLOCK_END = re.compile(r"(?i)<(?:br\s*/?|/(?:p|li|h[1-6]|blockquote|div|ul|ol)\s*)>")
_SPACES = re.compile(r"\s+")


def plain_text(value) -> str:
    """Text of a plain or rich text: tags out (blocks keep a space between them), entities
    decoded, whitespace collapsed."""
    text = _BLOCK_END.sub(" ", str(value or ""))
    return _SPACES.sub(" ", html.unescape(strip_tags(text))).strip()


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """``text`` cut at a word boundary so that it is at most ``limit`` characters with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—(") + "…"


def _text_of(page, name: str) -> tuple[str, str]:
    """(text, language shown) of the field in the reader's language or the fallback the page
    shows."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if hasattr(page, build_localized_fieldname(name, settings.LANGUAGE_CODE)):
        value, language = i18n.localized(page, name)
    else:
        value = getattr(page, name, "")
    if isinstance(value, StreamValue):  # the first paragraph of a body
        for block in value.raw_data:
            if block.get("type") == "paragraph" and isinstance(block.get("value"), str):
                text = plain_text(block["value"])
                if text:
                    return text, language
        return "", language
    return (plain_text(value) if isinstance(value, str) else ""), language


def page_summary(page, limit: int = DESCRIPTION_LIMIT) -> tuple[str, str]:
    """(text, its language): the editor's search description, else the page's own summary,
    lead or introduction, else its main text; plain text of at most ``limit`` characters, in
    the reader's language or the fallback the page shows; ("", "") without any."""
    names = [*DESCRIPTION_FIELDS, getattr(page, "main_text_field", None) or "body"]
    for name in dict.fromkeys(names):
        text, language = _text_of(page, name)
        if text:
            return shorten(text, limit), language
    return "", ""
