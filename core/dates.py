"""Dates known to a day, a month or only a year: one set of choices for every model that
keeps such a date (resources, the names register, the timeline), and one way to write them."""

import datetime
import functools

from django.db import models
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")


def date_attribute(value, precision) -> str:
    """The machine-readable <time datetime> value for a date known to `precision`."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def time_attribute(value) -> str:
    """A valid <time datetime> value for a day or a moment: "2026-02-26", or the moment to the
    second in the site's time zone with its offset ("2026-02-26T09:30:00+04:00"). Django's
    ``date:"c"`` writes microseconds, which the HTML standard does not allow."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@functools.lru_cache(maxsize=4096)
def written_date(language: str, day: datetime.date, precision: str) -> str:
    """A date at its precision ("1992", "February 1992", "26 February 1992") in `language`;
    kept per language, day and precision, as lists show many."""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    with translation.override(language):
        text = dateformat.format(day, "F Y" if precision == DatePrecision.MONTH else "j E Y")
    # Azerbaijani and Russian write month names in lower case inside a sentence.
    return text.lower() if language in ("az", "ru") else text
