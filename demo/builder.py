"""Build translated pages in code: used by the demo loader and by the tests' factories."""

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from core.slugs import slugify


def translated(field: str, values: dict) -> dict:
    """{"title": {<code>: …}} → {"title_<code>": …}: modeltranslation's column of each
    language."""
    return {build_localized_fieldname(field, code): value for code, value in values.items()}


def stream(items) -> list[dict]:
    """Body blocks from ("heading", text) and ("paragraph", html) pairs."""
    blocks = []
    for block_type, value in items:
        if block_type == "heading":
            value = {"text": value, "level": "h2"}
        blocks.append({"type": block_type, "value": value})
    return blocks


def streams(per_language: dict) -> dict:
    """{"az": [(type, value), …], …} → the stored body of each language."""
    return {code: stream(items) for code, items in per_language.items()}


def create_page(parent, model, *, title: dict, slug: dict | None = None, publish=True, **fields):
    """Add a page under `parent` with its text in every language given, and publish it.

    `fields` maps a field name either to a plain value or to a {language: value} dict.
    """
    slug = slug or {code: slugify(text) for code, text in title.items()}
    values = {**translated("title", title), **translated("slug", slug)}
    for name, value in fields.items():
        if isinstance(value, dict) and set(value) <= {code for code, _ in settings.LANGUAGES}:
            values.update(translated(name, value))
        else:
            values[name] = value
    values.setdefault("live", publish)  # an unpublished page is a draft, not a live page
    with translation.override(settings.LANGUAGE_CODE):
        page = model(**values)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
    return page
