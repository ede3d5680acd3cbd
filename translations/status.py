"""What is left to translate, read from the per-object counts ``translations.state`` keeps
(``translations.models.TranslationStatus``): the report, the dashboard and the page lists ask one
table, however many pages there are."""

from django.db.models import Q, Sum

from translations import state as translation_state
from translations.models import TranslationStatus

STATE_FILTERS = {
    translation_state.MISSING: Q(missing__gt=0),
    translation_state.SAME: Q(same__gt=0),
    translation_state.OUTDATED: Q(outdated__gt=0),
}
TO_DO = STATE_FILTERS[translation_state.MISSING] | STATE_FILTERS[translation_state.SAME] | (
    STATE_FILTERS[translation_state.OUTDATED]
)


def to_do(languages=None):
    """Statuses with something left to do, in ``languages`` (every target language)."""
    queryset = TranslationStatus.objects.filter(TO_DO)
    if languages is not None:
        queryset = queryset.filter(language__in=languages)
    return queryset


def totals(languages=None) -> dict[str, dict[str, int]]:
    """{language: {"missing": n, "same": n, "outdated": n}} over the whole site."""
    languages = languages or translation_state.target_languages()
    rows = (
        TranslationStatus.objects.filter(language__in=languages)
        .values("language")
        .annotate(missing=Sum("missing"), same=Sum("same"), outdated=Sum("outdated"))
    )
    found = {row["language"]: row for row in rows}
    return {
        code: {state: (found.get(code) or {}).get(state) or 0
               for state in ("missing", "same", "outdated")}
        for code in languages
    }


def by_page(page_ids) -> dict[int, dict[str, TranslationStatus]]:
    """{page id: {language: status}} for the pages of a listing, in one query."""
    result: dict[int, dict[str, TranslationStatus]] = {}
    for status in TranslationStatus.objects.filter(page_id__in=list(page_ids)):
        result.setdefault(status.page_id, {})[status.language] = status
    return result
