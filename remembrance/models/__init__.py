"""The names register, testimonies and the timeline."""

from remembrance.models.pages import (
    NamesRegisterPage,
    TestimoniesIndexPage,
    TestimonyPage,
    TimelinePage,
)
from remembrance.models.register import Contribution, NameRecord, Source

__all__ = [
    "Contribution",
    "NameRecord",
    "NamesRegisterPage",
    "Source",
    "TestimoniesIndexPage",
    "TestimonyPage",
    "TimelinePage",
]
