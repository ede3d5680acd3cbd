"""Every writer of BibTeX, RIS and CSL-JSON escapes every field it takes from content or
settings (issue 24, finding 11): a hostile value in any field stays that field's value and adds
nothing to the record, whatever reads it back."""

import datetime
import json
import re

import bibtexparser
import pytest
from django.test import Client

from citations import citation
from tests.test_citation import ACCESSED, work

HOSTILE = [
    "Ходжалы 1992}}, note = {injected}, x = {{",
    "A} , note = {injected",
    "Line one\r\nER  - \r\nTY  - JOUR\r\nTI  - injected",
    "Back\\slash \\end{document} @misc{injected,",
    "Quote\" , \"injected\": \"1",
    "Tab\tand\u2028separator\x85next",
]
TEXT_FIELDS = ("title", "original_title", "publisher", "container", "key", "url")


def hostile_works():
    for field in (*TEXT_FIELDS, "authors"):
        for value in HOSTILE:
            yield field, value, work(**{field: (value,) if field == "authors" else value})


@pytest.mark.parametrize(("field", "value", "item"), list(hostile_works()))
def test_bibtex_keeps_a_hostile_value_inside_its_field(field, value, item):
    entries = bibtexparser.loads(citation.bibtex(item, ACCESSED)).entries
    assert len(entries) == 1
    entry = entries[0]
    expected = {"ENTRYTYPE", "ID", "title", "origtitle", "author", "institution", "year",
                "date", "version", "url", "urldate", "language", "howpublished", "publisher"}
    assert set(entry) <= expected
    assert "injected" not in entry.get("note", "") and "x" not in entry
    assert re.fullmatch(r"[A-Za-z0-9_-]+", entry["ID"])


@pytest.mark.parametrize(("field", "value", "item"), list(hostile_works()))
def test_ris_keeps_a_hostile_value_on_its_line(field, value, item):
    lines = citation.ris(item, ACCESSED).split("\r\n")
    assert lines[0].startswith("TY  - ") and lines[-2] == "ER  - " and lines[-1] == ""
    assert [line for line in lines if line.startswith("TY  - ")] == [lines[0]]
    assert [line for line in lines if line.startswith("ER  - ")] == [lines[-2]]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - [^\r\n\u2028\x85]*", line)
               for line in lines[:-1])


@pytest.mark.parametrize(("field", "value", "item"), list(hostile_works()))
def test_csl_json_keeps_a_hostile_value_as_its_value(field, value, item):
    items = json.loads(citation.csl_json(item, ACCESSED))
    assert len(items) == 1
    csl = items[0]
    names = {"title": "title", "original_title": "original-title", "publisher": "publisher",
             "container": "container-title", "url": "URL"}
    if field in names:
        assert csl[names[field]] == value
    if field == "authors":
        assert csl["author"] == [{"literal": value}]


def test_a_translators_site_name_cannot_add_fields_to_the_pages_bibtex(memorial):
    """As attacked: the Russian site name, which translators edit and which goes live at
    once, closed the author field of every /ru/cite/<id>.bibtex."""
    from pages.models import PortalSettings

    settings_row = PortalSettings.objects.first()
    settings_row.site_name_ru = HOSTILE[0]
    settings_row.save()
    response = Client().get(f"/ru/cite/{memorial.pk}.bibtex")
    assert response.status_code == 200
    entry, = bibtexparser.loads(response.content.decode()).entries
    assert "note" not in entry and "x" not in entry
    assert "Ходжалы 1992" in entry["author"]


def test_the_access_date_is_given_never_assumed_in_every_format():
    day = datetime.date(2027, 2, 26)
    assert "urldate = {2027-02-26}" in citation.bibtex(work(), day)
    assert "Y2  - 2027/02/26" in citation.ris(work(), day)
