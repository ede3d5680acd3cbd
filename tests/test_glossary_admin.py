"""The glossary snippet in the admin: the term in every configured language, the source
language's required and unique, and the list showing each language side by side."""

from django.urls import reverse

from core.i18n import language_codes
from translations.models import GlossaryTerm

TERM = {"az": "Xocalı soyqırımı (test)", "en": "Khojaly genocide (test)",
        "ru": "Ходжалинский геноцид (тест)"}


def form(**terms):
    return {**{f"term_{code}": terms.get(code, "") for code in language_codes()}, "note": ""}


def test_the_glossary_takes_a_term_in_every_language_and_lists_them(admin_client):
    add = reverse("wagtailsnippets_translations_glossaryterm:add")
    html = admin_client.get(add).content.decode()
    for code in language_codes():
        assert f'name="term_{code}"' in html
    response = admin_client.post(add, form(**TERM))
    assert response.status_code == 302, response.content.decode()[:2000]
    term = GlossaryTerm.objects.get(term_az=TERM["az"])
    assert {code: term.in_language(code) for code in language_codes()} == TERM
    listing = admin_client.get(reverse("wagtailsnippets_translations_glossaryterm:list"))
    for text in TERM.values():
        assert text in listing.content.decode()


def test_the_source_term_is_required_and_unique(admin_client):
    add = reverse("wagtailsnippets_translations_glossaryterm:add")
    assert admin_client.post(add, form(**TERM)).status_code == 302
    again = admin_client.post(add, form(az=TERM["az"], en="Another"))
    assert again.status_code == 200
    without_source = admin_client.post(add, form(en="Only in English"))
    assert without_source.status_code == 200
    assert GlossaryTerm.objects.filter(term_en__in=["Another", "Only in English"]).count() == 0
