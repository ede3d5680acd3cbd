"""Script injected into every text field editors and readers can fill is inert wherever it is shown.

Each field gets its own numbered payload (so a leak names the field), every page is then read in
every language, with the feeds, the sitemap, the GeoJSON and search, and the raw payload must
never appear unescaped. Rich text goes through the admin's editor (Draftail's contentstate), as it
does for editors; `javascript:` addresses are refused by validation.
"""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.test import Client
from django.utils import translation
from modeltranslation.translator import translator
from wagtail import blocks
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents.models import Document
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from pages.models import ContactPage, PortalSettings, ResourcePage, StandardPage
from pages.models.links import Link
from polls.models import PollPage
from tests.factories import image
from tests.test_contact import valid

LANGUAGES = ["az", "en", "ru"]
TEMPLATE_INJECTION = "{{7*7}}{% now 'Y' %}"


def payload(n: int) -> str:
    return f'Q{n}Z"><script>alert({n})</script><img src=x onerror=alert({n})>{TEMPLATE_INJECTION}'


def assert_inert(text: str, where: str):
    """Nothing of a payload survives as markup, and no template ran."""
    assert "<script>alert(" not in text, where
    assert "<img src=x onerror" not in text, where
    breakout = re.search(r'Q\d+Z"><', text)
    assert not breakout, (where, breakout and breakout.group(0))
    for leaked in (">49{%", "&gt;49{%", "{{7*7}}2"):
        assert leaked not in text, (where, leaked)


class Filler:
    """Gives every free-text field its own payload; remembers which number went where."""

    def __init__(self):
        self.fields = {}
        self.image = Image.objects.first() or image("Injection test")
        self.document = Document.objects.first() or Document.objects.create(
            title="Injection test", file=ContentFile(b"%PDF-1.4\n", name="injection.pdf"))

    def text(self, where: str, max_length=None) -> str:
        n = len(self.fields) + 1
        self.fields[n] = where
        value = payload(n)
        return value[:max_length] if max_length else value

    def block(self, block, where):
        """The stored (prep) form of a block with text everywhere text can go."""
        if isinstance(block, blocks.StructBlock):
            return {name: self.block(child, f"{where}.{name}")
                    for name, child in block.child_blocks.items()}
        if isinstance(block, blocks.RichTextBlock):
            return "<p>Rich text is tested through the editor below.</p>"
        if isinstance(block, blocks.ChoiceBlock):
            return block.get_default() or next(iter(block.field.choices))[0]
        if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
            return self.text(where, block.field.max_length)
        if block.__class__.__name__ == "ImageChooserBlock":
            return self.image.pk
        if block.__class__.__name__ == "DocumentChooserBlock":
            return self.document.pk
        if block.__class__.__name__ == "EmbedBlock":
            return "https://example.org/recording"
        return block.get_prep_value(block.get_default())

    def stream(self, stream_block, where):
        return json.dumps([
            {"type": name, "value": self.block(child, f"{where}.{name}")}
            for name, child in stream_block.child_blocks.items()
        ])

    def fill(self, obj, where):
        """Every translated text and StreamField field, and the plain text fields beside them."""
        model = type(obj)
        translated = set()
        if model in translator.get_registered_models():
            for field, names in translator.get_options_for_model(model).all_fields.items():
                translated.add(field)
                for translation_field in names:
                    self._set(obj, obj._meta.get_field(translation_field.name),
                              f"{where}.{translation_field.name}")
        for field in obj._meta.concrete_fields:
            base = re.sub(r"_(az|en|ru)$", "", field.name)
            if base in translated or field.name in translated:
                continue
            if field.model is Page or field.name in {"draft_title", "live_revision"}:
                continue
            if isinstance(field, (models.CharField, models.TextField)) and field.editable:
                self._set(obj, field, f"{where}.{field.name}")

    def _set(self, obj, field, where):
        if field.choices or isinstance(field, (models.URLField, models.EmailField,
                                               models.SlugField)):
            return
        if field.name.startswith(("slug", "url_path", "clean_name", "field_type",
                                  "to_address", "from_address")):
            return
        if isinstance(field, StreamField):
            setattr(obj, field.name, self.stream(field.stream_block, where))
        elif isinstance(field, RichTextField):
            # Rich text reaches the database only through the editor's converter, which is
            # tested with hostile input through the page editor below.
            setattr(obj, field.name, "<p>Rich text is tested through the editor below.</p>")
        elif isinstance(field, (models.CharField, models.TextField)):
            if field.name.startswith("choices") or field.name.startswith("default_value"):
                setattr(obj, field.name, self.text(where).replace(",", " ").replace("\n", " "))
            else:
                setattr(obj, field.name, self.text(where, field.max_length))


def children(obj):
    """The inline objects edited with a page (answers, form fields, link groups, places ...)."""
    found = []
    for relation in obj._meta.related_objects:
        related = relation.related_model
        if relation.one_to_many and related.__module__.startswith(("pages.", "polls.")) and (
            relation.field.__class__.__name__ == "ParentalKey"
        ):
            for child in getattr(obj, relation.get_accessor_name()).all():
                found.append(child)
                found.extend(children(child))
    return found


def public_addresses(pages):
    client = Client()
    addresses = set()
    for page in pages:
        for code in LANGUAGES:
            with translation.override(code):
                url = page.get_url()  # (ResourcePage.url is the resource's own address)
            if url:
                addresses.add(url)
    for code in LANGUAGES:
        addresses.update({f"/{code}/search/?q=alert", f"/{code}/search/?q={payload(0)}"})
    for page in pages:
        specific = page.specific
        if hasattr(specific, "feed_urls"):
            for code in LANGUAGES:
                with translation.override(code):
                    addresses.update(specific.feed_urls().values())
        if hasattr(specific, "reverse_subpage") and type(specific).__name__ == "MapPage":
            for code in LANGUAGES:
                with translation.override(code):
                    addresses.add(specific.url + specific.reverse_subpage("geojson"))
    addresses.add("/sitemap.xml")
    return client, sorted(addresses)


def test_script_in_every_text_field_is_inert_on_every_page(db):
    filler = Filler()
    pages = list(Page.objects.live().filter(depth__gt=1).specific())
    for page in pages:
        where = f"{type(page).__name__}({page.pk})"
        filler.fill(page, where)
        for child in children(page):
            filler.fill(child, f"{where}/{type(child).__name__}({child.pk})")
            child.save()
        page.save()
    settings = PortalSettings.objects.first() or PortalSettings.for_site(pages[0].get_site())
    filler.fill(settings, "PortalSettings")
    settings.save()
    assert len(filler.fields) > 150  # every page type, every language, inline objects too

    client, addresses = public_addresses(pages)
    shown = set()
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        text = response.content.decode()
        assert_inert(text, address)
        shown.update(int(n) for n in re.findall(r"Q(\d+)Z", text))
    # The contact form, filled in with the payload answers, and the thank-you page after it.
    contact = ContactPage.objects.get()
    for code in LANGUAGES:
        data = {}
        for field in contact.form_fields.all():
            choices = getattr(field, f"choices_{code}") or field.choices_az
            data[field.clean_name] = choices.strip() if choices else payload(0)
        data["e_poct_unvaniniz"] = "reader@example.org"
        with translation.override(code):
            response = client.post(contact.get_url(), data)
        assert response.status_code == 200, response.content.decode()[:3000]
        text = response.content.decode()
        assert_inert(text, f"contact thanks {code}")
        shown.update(int(n) for n in re.findall(r"Q(\d+)Z", text))
    shown.discard(0)  # the search query
    # Most fields are shown somewhere (the rest are editor-only, e.g. the contact e-mail subject).
    assert len(shown) >= 0.8 * len(filler.fields), sorted(
        set(filler.fields.values()) - {filler.fields[n] for n in shown})
    missing_titles = [w for n, w in filler.fields.items()
                      if re.search(r"\.title_(az|en|ru)$", w) and n not in shown]
    assert not missing_titles


def test_reader_input_is_inert_in_the_admin(admin_client, db):
    contact = ContactPage.objects.get()
    with translation.override("en"):
        url = contact.url
    message = payload(1)
    assert Client().post(url, {**valid("en"), "mesajiniz": message, "adiniz": payload(2)}
                         ).status_code == 200
    assert FormSubmission.objects.filter(page=contact).count() == 1
    for address in (f"/admin/forms/submissions/{contact.pk}/", "/admin/forms/",
                    f"/admin/forms/submissions/{contact.pk}/?export=csv"):
        response = admin_client.get(address)
        assert response.status_code == 200
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content).decode()
        if "export" not in address:
            assert_inert(body, address)
        if "submissions" in address:
            assert "Q1Z&quot;&gt;&lt;script&gt;" in body or "Q1Z" in body and "export" in address
    poll = PollPage.objects.get()
    choice = poll.choices.first()
    choice.label_en = payload(3)
    choice.save()
    response = admin_client.get("/admin/poll-results/")
    assert response.status_code == 200
    assert_inert(response.content.decode(), "poll results")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_query_is_inert(client, language):
    response = client.get(f"/{language}/search/", {"q": payload(4)})
    html = response.content.decode()
    assert_inert(html, "search")
    assert "Q4Z&quot;&gt;&lt;script&gt;" in html  # shown back to the reader, escaped


# -- Rich text, through the editor --------------------------------------------------------------

def contentstate(text, url):
    return json.dumps({
        "blocks": [{"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text,
                    "inlineStyleRanges": [], "entityRanges": [
                        {"offset": 0, "length": 4, "key": 0}]}],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
    })


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)",
                                 "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)"])
def test_rich_text_from_the_editor_is_sanitised(admin_client, about, url):
    page = StandardPage.objects.get(pk=about.pk)
    text = payload(5)
    # What the Draftail editor in the browser posts; a hostile editor can post anything.
    body = streamfield([("paragraph", contentstate(text, url))])
    data = nested_form_data({
        "title_az": page.title_az, "title_en": page.title_en, "title_ru": page.title_ru,
        "slug_az": page.slug_az, "slug_en": page.slug_en, "slug_ru": page.slug_ru,
        "body_az": body, "body_en": body, "body_ru": body,
        "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
        "action-publish": "action-publish",
    })
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    stored = str(page.body_en.raw_data)
    assert "javascript" not in stored.lower() and "vbscript" not in stored.lower()
    assert "data:text" not in stored and "<script" not in stored
    for code in LANGUAGES:
        with translation.override(code):
            html = Client().get(page.url).content.decode()
        assert_inert(html, page.url)
        # The editor's words are kept as text; the link keeps its words but loses the address.
        assert '<a>Q5Z"</a>&gt;&lt;script&gt;alert(5)&lt;/script&gt;' in html
        assert not re.search(r'href="\s*(javascript|vbscript|data):', html, re.I)


# -- javascript: addresses ----------------------------------------------------------------------

BAD_URLS = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>x</script>",
            "vbscript:msgbox(1)", "//evil.example/%0a", "http://"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_address_fields_refuse_script_urls(db, url):
    link = Link.objects.first()
    link.url = url
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "url" in error.value.message_dict
    resource = ResourcePage.objects.first()
    for field in ("url", "archive_url"):
        setattr(resource, field, url)
    with pytest.raises(ValidationError) as error:
        resource.full_clean()
    assert {"url", "archive_url"} <= set(error.value.message_dict)
    portal = PortalSettings.objects.first()
    for field in ("facebook_url", "x_url", "youtube_url", "instagram_url"):
        setattr(portal, field, url)
    with pytest.raises(ValidationError) as error:
        portal.full_clean()
    assert {"facebook_url", "x_url", "youtube_url", "instagram_url"} <= set(
        error.value.message_dict)

