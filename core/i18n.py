"""Language helpers shared by templates, sitemaps and views."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import FALLBACK_LANGUAGES
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core.canonical import normalized

# Each language is named in its own language in the switcher.
NATIVE_NAMES = {"az": "Azərbaycanca", "en": "English", "ru": "Русский"}
# Said in the reader's language when a text falls back to another language; keyed by the
# language actually shown, so each sentence can be grammatical in every language.
FALLBACK_NOTICES = {
    "az": _(
        "This text has not yet been translated into your language; it is shown in Azerbaijani."
    ),
    "en": _("This text has not yet been translated into your language; it is shown in English."),
    "ru": _("This text has not yet been translated into your language; it is shown in Russian."),
}
# Open Graph locales.
OG_LOCALES = {"az": "az_AZ", "en": "en_GB", "ru": "ru_RU"}


def choice_label(choices, value):
    """The label of ``value`` among Django ``choices`` (a TextChoices class) in the active
    language, or the value itself when it is not one of them. ``get_FOO_display`` hashes every
    choice's lazy label, translating each, on every call; lists show dozens of these."""
    return choices(value).label if value in choices.values else value


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def source_language() -> str:
    """The language every translation is made from and compared with."""
    return getattr(settings, "PORTAL_SOURCE_LANGUAGE", settings.LANGUAGE_CODE)


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
