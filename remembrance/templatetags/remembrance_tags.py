"""Dates known to a day, a month or a year, written as precisely as they are known."""

from django import template
from django.utils import translation

from core.dates import written_date

register = template.Library()


@register.filter
def precise_date(value, precision):
    """A date at its precision, written as the rest of the portal writes dates."""
    if value is None:
        return ""
    return written_date(translation.get_language(), value, precision)
