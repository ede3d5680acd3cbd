"""Language helpers shared by templates, sitemaps and views."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext, to_locale
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import FALLBACK_LANGUAGES
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core.canonical import normalized


class by_language(Mapping):  # noqa: N801 (used like a function that returns a dict)
    """{code: value(code)} for the configured languages (settings.LANGUAGES, or the ``codes``
    function's), computed when read, so a language added to the settings is everywhere without
    another list to extend."""

    def __init__(self, value, codes=None):
        self._value = value
        self._codes = codes

    def codes(self) -> list[str]:
        return (self._codes or language_codes)()

    def __getitem__(self, code):
        if code not in self.codes():
            raise KeyError(code)
        return self._value(code)

    def __iter__(self):
        return iter(self.codes())

    def __len__(self):
        return len(self.codes())


def native_name(code: str) -> str:
    """The language's name in its own language ("Azərbaycanca", "Русский", "Türkçe"), from
    Django's table of languages."""
    return translation.get_language_info(code)["name_local"]


# Each language is named in its own language in the switcher, the admin and the exchange.
NATIVE_NAMES = by_language(native_name)

# Said in the reader's language when a text falls back to another language; keyed by the
# language actually shown, so each sentence can be grammatical in every language. A language
# without its own sentence here is named in its own language (fallback_notice).
FALLBACK_NOTICE_SENTENCES = {
    "az": _(
        "This text has not yet been translated into your language; it is shown in Azerbaijani."
    ),
    "en": _("This text has not yet been translated into your language; it is shown in English."),
    "ru": _("This text has not yet been translated into your language; it is shown in Russian."),
}


def fallback_notice(code: str) -> str:
    """The sentence telling a reader that a text is shown in ``code``'s language instead."""
    if code in FALLBACK_NOTICE_SENTENCES:
        return FALLBACK_NOTICE_SENTENCES[code]
    return gettext(
        "This text has not yet been translated into your language; it is shown in this "
        "language: %(language)s."
    ) % {"language": native_name(code)}


# Open Graph locales (language_territory) where the territory is not the language's code.
OG_LOCALE_TERRITORIES = {"az": "az_AZ", "en": "en_GB", "ru": "ru_RU"}


def og_locale(code: str) -> str:
    """Open Graph's locale of a language: "en_GB"; "tr_TR" for a language not listed."""
    return OG_LOCALE_TERRITORIES.get(code) or f"{to_locale(code)}_{code.split('-')[0].upper()}"


# Languages written in Cyrillic letters: their pages preload the heading font's Cyrillic file,
# every other language its Latin one (templates/base.html, pages.templatetags.portal_tags).
CYRILLIC = frozenset({"be", "bg", "kk", "ky", "mk", "mn", "ru", "sr", "tg", "tt", "uk"})


def font_subset(code: str | None) -> str:
    return "cyrillic" if (code or "").split("-")[0] in CYRILLIC else "latin"


def choice_label(choices, value):
    """The label of ``value`` among Django ``choices`` (a TextChoices class) in the active
    language, or the value itself when it is not one of them. ``get_FOO_display`` hashes every
    choice's lazy label, translating each, on every call; lists show dozens of these."""
    return choices(value).label if value in choices.values else value


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_columns(name: str) -> list[str]:
    """The columns modeltranslation keeps for the translated field ``name``, one per configured
    language in their order (modeltranslation's ``build_localized_fieldname``)."""
    return [build_localized_fieldname(name, code) for code in language_codes()]


def source_language() -> str:
    """The language every translation is made from and compared with."""
    return getattr(settings, "PORTAL_SOURCE_LANGUAGE", settings.LANGUAGE_CODE)


def target_languages() -> list[str]:
    """The languages translated into: every configured one but the source."""
    return [code for code in language_codes() if code != source_language()]


@dataclass(frozen=True)
class LanguageLink:
    code: str
    native_name: str
    url: str
    absolute_url: str
    is_active: bool


def language_links(request, page=None, subpath=None) -> list[LanguageLink]:
    """The same page (or view) in every language: for the switcher, hreflang and canonical.

    ``subpath``: where a routable page's view is below the page (a register record, a form),
    as a path or as a function of the language (a record's name differs per language).
    """
    current = translation.get_language()
    links = []
    for code in language_codes():
        url = None
        if page is not None:
            with translation.override(code):
                url = page.get_url(request)
                if url and subpath:
                    url += subpath(code) if callable(subpath) else subpath
        elif request is not None:
            candidate = translate_url(request.get_full_path(), code)
            if candidate != request.get_full_path() or code == current:
                url = candidate
        if not url:
            url = f"/{code}/"
        absolute = url
        if request is not None:
            from core import site_root  # core.site_root reads core.routing, which reads this

            absolute = site_root.absolute_url(url, request)
        links.append(LanguageLink(code, NATIVE_NAMES[code], url, absolute, code == current))
    return links


def has_value(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return len(value) > 0
    except TypeError:
        return True


def shown_language(instance, field_name: str, language: str | None = None) -> str:
    """The language whose text is actually displayed for a translated field: a text copied
    unchanged from the source language is the source's (compared in canonical form,
    core.canonical)."""
    language = language or translation.get_language()
    source = source_language()
    for code in resolution_order(language, FALLBACK_LANGUAGES):
        value = getattr(instance, build_localized_fieldname(field_name, code), None)
        if has_value(value):
            if code != source:
                original = getattr(instance, build_localized_fieldname(field_name, source), None)
                if has_value(original) and normalized(value) == normalized(original):
                    return source
            return code
    return language


def missing_translations(instance, field_names, language: str | None = None) -> dict:
    """{field: language shown instead} for the fields empty in the reader's language."""
    language = language or translation.get_language()
    result = {}
    for name in field_names:
        shown = shown_language(instance, name, language)
        if shown != language:
            result[name] = shown
    return result


def localized(instance, field_name: str, language: str | None = None) -> tuple[str, str]:
    """(text, language shown) of a translated field: the reader's language, or the first of
    its fallbacks that has the text (the same resolution as :func:`shown_language`)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in language_codes():
        language = settings.LANGUAGE_CODE
    code = shown_language(instance, field_name, language)
    return getattr(instance, build_localized_fieldname(field_name, code), "") or "", code
