"""The translation report (Reports menu) and the confirmation of a text that is right as it
stands (linked from the editor's translation status panel)."""

import datetime

import django_filters
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import pgettext, pgettext_lazy
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Page, Site

from core import i18n
from ops.signals import announce_change
from translations import state as translation_state
from translations.memory import plain_text
from translations.models import TranslationStatus, object_label
from translations.permissions import can_edit, can_write, tracked_object
from translations.status import STATE_FILTERS, TO_DO


def confirm_translation(request, content_type_id, object_id):
    """GET: the source and the translation side by side; POST: confirm it (see
    ``translations.state.confirm``). For people who may edit the object and write the
    language."""
    key, language = request.GET.get("field", ""), request.GET.get("language", "")
    instance = tracked_object(content_type_id, object_id, language)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                           require_https=request.is_secure()):
        next_url = AdminURLFinder(request.user).get_edit_url(instance) or "/admin/"
    if not can_edit(request.user, instance):
        return forbidden(request, pgettext("translation workbench",
                                           "You may not edit “%(object)s”.")
                         % {"object": object_label(instance)}, next_url)
    if not can_write(request.user, language):
        return forbidden(request, pgettext("translation workbench",
            "Only the people who write %(language)s (its translators and the editors) may "
            "confirm its texts.") % {"language": i18n.NATIVE_NAMES[language]}, next_url)
    version = translation_state.editable_version(instance)
    text = next((t for t in translation_state.texts(version) if t.key == key), None)
    if text is None:
        raise Http404
    item = next((item for item in translation_state.states(version)
                 if item.key == key and item.language == language), None)
    state = item.state if item is not None else None
    if request.method == "POST":
        if translation_state.confirm(version, key, language, user=request.user):
            announce_change(instance)  # what readers see of it changes (the revised notice)
            messages.success(request, pgettext_lazy("translation workbench",
                "“%(field)s” in %(language)s now counts as translated.")
                             % {"field": text.label, "language": i18n.NATIVE_NAMES[language]})
        return redirect(next_url)
    source_code = i18n.source_language()
    return TemplateResponse(request, "translations/translation_confirm.html", {
        "object_label": object_label(version),
        "text": text,
        "state": state,
        "machine": bool(item and item.machine),
        "language": language,
        "language_name": i18n.NATIVE_NAMES[language],
        "source_code": source_code,
        "source_name": i18n.NATIVE_NAMES[source_code],
        "source_text": plain_text(text.values.get(source_code)),
        "target_text": plain_text(text.values.get(language)),
        "next": next_url,
    })


def forbidden(request, reason, back=""):
    """403 as an admin page that says why, in the admin's language (Wagtail would turn
    PermissionDenied into a redirect to the dashboard, Django into a bare page)."""
    return TemplateResponse(request, "translations/translation_forbidden.html",
                            {"reason": reason, "back": back}, status=403)


# -- the report ----------------------------------------------------------------------------
def section_choices(request=None):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Page.objects.none()
    return site.root_page.get_children()


def type_choices():
    ids = TranslationStatus.objects.values_list("content_type", flat=True).distinct()
    types = ContentType.objects.filter(pk__in=list(ids))
    return sorted(((t.pk, str(t.model_class()._meta.verbose_name).capitalize())
                   for t in types if t.model_class()), key=lambda choice: choice[1])


class TranslationStatusFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=pgettext_lazy("translation workbench", "Language"),
        choices=lambda: [(code, i18n.NATIVE_NAMES[code])
                         for code in translation_state.target_languages()],
        empty_label=pgettext_lazy("translation workbench", "Every language"),
    )
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("translation workbench", "State"),
        choices=[(state, translation_state.LABELS[state]) for state in STATE_FILTERS],
        empty_label=pgettext_lazy("translation workbench", "Anything to do"),
        method="filter_state",
    )
    content_type = django_filters.ChoiceFilter(
        label=pgettext_lazy("translation workbench", "Type"), choices=type_choices,
        empty_label=pgettext_lazy("translation workbench", "Every type"),
    )
    section = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("translation workbench", "Section"), queryset=section_choices,
        empty_label=pgettext_lazy("translation workbench", "Whole site"),
        method="filter_section",
    )

    class Meta:
        model = TranslationStatus
        fields = ["language", "state", "content_type", "section"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(STATE_FILTERS[value]) if value else queryset

    def filter_section(self, queryset, name, value):
        return queryset.filter(page__path__startswith=value.path) if value else queryset


class TranslationStatusReportView(ReportView):
    """Everything with a text left to translate: pages, snippets, settings, register records,
    one row per object and language, with the fields named; exported through the portal's
    safe CSV writer (core.spreadsheets) like every CSV."""

    page_title = pgettext_lazy("translation workbench", "Translation status")
    header_icon = "globe"
    results_template_name = "translations/translation_status_results.html"
    filterset_class = TranslationStatusFilterSet
    index_url_name = "translation_status"
    index_results_url_name = "translation_status_results"
    list_export = ["label", "type_name", "language_name", "missing_labels", "same_labels",
                   "outdated_labels", "edit_url"]
    export_headings = {
        "label": pgettext_lazy("translation workbench", "Title"),
        "type_name": pgettext_lazy("translation workbench", "Type"),
        "language_name": pgettext_lazy("translation workbench", "Language"),
        "missing_labels": pgettext_lazy("translation state", "Missing"),
        "same_labels": pgettext_lazy("translation state", "Same as source"),
        "outdated_labels": pgettext_lazy("translation state",
            "Outdated"), "edit_url": pgettext_lazy("translation workbench", "Edit"),
    }

    @property
    def header_buttons(self):
        """"Export these for translators": the export page with the report's current language
        and state filters (Wagtail renders the header's buttons again with the results when a
        filter changes, so the link follows them)."""
        params = {"scope": "report"}
        for name in ("language", "state"):
            if self.request.GET.get(name):
                params[name] = self.request.GET[name]
        return [HeaderButton(
            pgettext_lazy("translation workbench", "Export these for translators"),
            reverse("translation_export") + "?" + urlencode(params),
            icon_name="download", attrs={"data-exchange-export-link": ""},
        )]

    def dispatch(self, request, *args, **kwargs):
        if not any(can_write(request.user, code) for code in translation_state.target_languages()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"translation-status-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        languages = [code for code in translation_state.target_languages()
                     if can_write(self.request.user, code)]
        return (TranslationStatus.objects.filter(TO_DO, language__in=languages)
                .select_related("content_type").order_by("content_type_id", "label", "language"))

    def decorate_paginated_queryset(self, statuses):
        finder = AdminURLFinder(self.request.user)
        by_type: dict[int, list] = {}
        for status in statuses:
            by_type.setdefault(status.content_type_id, []).append(status)
        for content_type_id, group in by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            objects = model._default_manager.in_bulk([s.object_id for s in group]) if model else {}
            for status in group:
                instance = objects.get(status.object_id) or objects.get(_as_pk(status.object_id))
                status.edit_url = finder.get_edit_url(instance) if instance is not None else ""
                status.type_name = str(model._meta.verbose_name).capitalize() if model else ""
                status.language_name = i18n.NATIVE_NAMES.get(status.language, status.language)
        return statuses


def _as_pk(object_id: str):
    return int(object_id) if object_id.isdigit() else object_id
