"""Which pages lack a language: an empty title, slug or main text in that language.

Work is done in the database, one query per page type and language, so the report and the
dashboard count stay quick however many pages there are.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import Q, TextField
from django.db.models.functions import Cast, Length
from wagtail.models import Page


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def page_models():
    """The portal's page types: those that name their main text (pages.models.base.BasePage),
    found without importing the page types."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and hasattr(model, "main_text_field")
        and not model._meta.abstract
    ]


def _empty(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{field: ""})


def missing_ids(language: str) -> set[int]:
    """Pages (below the root) with an empty title, slug or main text in `language`."""
    ids = set(
        Page.objects.filter(depth__gt=1)
        .filter(_empty(f"title_{language}") | _empty(f"slug_{language}"))
        .values_list("pk", flat=True)
    )
    for model in page_models():
        field_name = f"{model.main_text_field}_{language}" if model.main_text_field else None
        if not field_name or not any(f.name == field_name for f in model._meta.get_fields()):
            continue
        # '' for text, '[]' for an empty StreamField: both are at most two characters long.
        ids.update(
            model.objects.annotate(_length=Length(Cast(field_name, output_field=TextField())))
            .filter(Q(_length__isnull=True) | Q(_length__lte=2))
            .values_list("pk", flat=True)
        )
    return ids


def missing_by_page(only_languages=None) -> dict[int, list[str]]:
    """{page id: [languages missing]} for every page missing at least one language."""
    result: dict[int, list[str]] = {}
    for language in only_languages or languages():
        for pk in missing_ids(language):
            result.setdefault(pk, []).append(language)
    return result


def missing_for_page(page) -> list[str]:
    """The languages this page instance lacks (for the editor's indicator)."""
    page = page.specific
    missing = []
    for language in languages():
        values = [getattr(page, f"title_{language}", ""), getattr(page, f"slug_{language}", "")]
        main = getattr(page, "main_text_field", None)
        if main and hasattr(page, f"{main}_{language}"):
            value = getattr(page, f"{main}_{language}")
            values.append(value if isinstance(value, str) else len(value or []))
        if not all(values):
            missing.append(language)
    return missing
