from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from core import i18n, translation_state
from editorial import malformed
from editorial.translation_status import totals
from editorial.views import TranslationStatusReportView, can_write, confirm_translation


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/translation-status/",
            TranslationStatusReportView.as_view(),
            name="translation_status",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusReportView.as_view(results_only=True),
            name="translation_status_results",
        ),
        path(
            "translations/confirm/<int:content_type_id>/<str:object_id>/",
            confirm_translation,
            name="translation_confirm",
        ),
    ]


def languages_of(user) -> list[str]:
    """The languages (other than the source) whose texts ``user`` may write."""
    return [code for code in translation_state.target_languages() if can_write(user, code)]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(languages_of(request.user))


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("translation_status"),
        name="translation-status",
        icon_name="globe",
        order=650,
    )


class TranslationStatusDashboardPanel(Component):
    name = "translation_status"
    template_name = "editorial/dashboard_panel.html"
    order = 150

    def __init__(self, languages):
        self.languages = languages

    def get_context_data(self, parent_context):
        counts = totals(self.languages)
        return {"languages": [(code, i18n.NATIVE_NAMES[code], counts[code])
                              for code in self.languages]}


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels):
    languages = languages_of(request.user)
    if languages:
        panels.append(TranslationStatusDashboardPanel(languages))


@hooks.register("insert_editor_js")
def limit_the_language_picker():
    """Limits the language picker to the languages of the form (see the script)."""
    return format_html('<script src="{}"></script>', static("editorial/locale_picker.js"))


# Truncated or scripted edit forms whose StreamFields cannot be read: 400, not a server error.
hooks.register("before_edit_page", malformed.before_edit_page)
hooks.register("before_create_page", malformed.before_create_page)
hooks.register("before_edit_snippet", malformed.before_edit_snippet)
hooks.register("before_create_snippet", malformed.before_create_snippet)
