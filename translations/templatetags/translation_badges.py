"""``{% translation_badges obj among=listing %}``: a badge per target language for a row of an
admin listing; ``{% translation_summary obj as line %}``: the same in words, for e-mails."""

from django import template
from django.utils import translation

from translations import badges

register = template.Library()


@register.inclusion_tag("translations/translation_badges.html", takes_context=True)
def translation_badges(context, obj, among=None):
    """``among``: every row of the listing (a table's data, the dashboard's task states), so
    that the statuses of all rows are read in one query."""
    if obj is None or getattr(obj, "pk", None) is None:
        return {"badges": []}
    found = badges.statuses(context.get("request"), obj, among or ())
    return {"badges": badges.badges(found)}


@register.simple_tag(takes_context=True)
def translation_summary(context, obj):
    """"Translation status: English: translated and up to date; Russian: 3 missing" (empty
    when nothing is counted for ``obj``)."""
    if obj is None or getattr(obj, "pk", None) is None:
        return ""
    found = badges.statuses(context.get("request"), obj)
    # In the recipient's language: Wagtail renders an e-mail's HTML part outside it.
    profile = getattr(context.get("user"), "wagtail_userprofile", None)
    language = profile.get_preferred_language() if profile else translation.get_language()
    with translation.override(language):
        listed = "; ".join(item.description for item in badges.badges(found))
        return f"{translation.gettext('Translation status')}: {listed}" if listed else ""
