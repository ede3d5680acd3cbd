"""The translation status report in the admin's Reports menu."""

import datetime

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page, Site

from core.i18n import NATIVE_NAMES
from editorial.translation_status import missing_by_page, missing_ids


def section_choices(request=None):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Page.objects.none()
    return site.root_page.get_children()


class TranslationStatusFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Missing language"),
        choices=[(code, NATIVE_NAMES[code]) for code, _name in settings.LANGUAGES],
        empty_label=_("Any language"),
        method="filter_language",
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"),
        queryset=section_choices,
        empty_label=_("Whole site"),
        method="filter_section",
    )

    class Meta:
        model = Page
        fields = ["language", "section"]

    def filter_language(self, queryset, name, value):
        return queryset.filter(pk__in=missing_ids(value)) if value else queryset

    def filter_section(self, queryset, name, value):
        return queryset.descendant_of(value, inclusive=True) if value else queryset


class TranslationStatusReportView(PageReportView):
    page_title = _("Translation status")
    header_icon = "globe"
    results_template_name = "editorial/translation_status_results.html"
    filterset_class = TranslationStatusFilterSet
    index_url_name = "translation_status"
    index_results_url_name = "translation_status_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "missing_language_names", "url_path"]
    export_headings = {"missing_language_names": _("Missing languages")}

    def get_filename(self):
        return f"translation-status-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        self.missing = missing_by_page()
        self.queryset = (
            Page.objects.filter(pk__in=self.missing).order_by("path").specific(defer=True)
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, pages):
        for page in pages:
            codes = self.missing.get(page.pk, [])
            page.missing_languages = codes
            page.missing_language_names = ", ".join(NATIVE_NAMES[code] for code in codes)
        return pages
