"""Dates known to a day, a month or a year, written as precisely as they are known."""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format

from remembrance.models.register import DatePrecision

register = template.Library()


@register.filter
def precise_date(value, precision):
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return date_format(value, "Y")
    if precision == DatePrecision.MONTH:
        return date_format(value, get_format("YEAR_MONTH_FORMAT"))
    return date_format(value, "j E Y")
