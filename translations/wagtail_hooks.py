from django.contrib import messages
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core import i18n
from translations import state as translation_state
from translations.exchange import views as exchange_views
from translations.models import GlossaryTerm
from translations.status import totals
from translations.suggest import suggest_translation
from translations.views import TranslationStatusReportView, can_write, confirm_translation


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
        path(
            "translations/suggest/<int:content_type_id>/<str:object_id>/",
            suggest_translation,
            name="translation_suggest",
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
        pgettext_lazy("translation workbench", "Translation status"),
        reverse("translation_status"),
        name="translation-status",
        icon_name="globe",
        order=650,
    )


class TranslationStatusDashboardPanel(Component):
    name = "translation_status"
    template_name = "translations/dashboard_panel.html"
    order = 150

    def __init__(self, languages):
        self.languages = languages

    def get_context_data(self, parent_context):
        counts = totals(self.languages)
        return {"languages": [(code, i18n.NATIVE_NAMES[code], counts[code])
                              for code in self.languages]}


@hooks.register("register_admin_viewset", order=1)  # after Wagtail's own, which it replaces
def register_page_viewset():
    """The page explorer and the page search with a Translations column (translations.listings)."""
    from translations.listings import PortalPageViewSet

    return PortalPageViewSet()


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels):
    languages = languages_of(request.user)
    if languages:
        panels.append(TranslationStatusDashboardPanel(languages))


@hooks.register("insert_editor_js")
def limit_the_language_picker():
    """Limits the language picker to the languages of the form (see the script)."""
    return format_html('<script src="{}"></script>', static("translations/locale_picker.js"))


@hooks.register("insert_global_admin_css")
def lock_the_structure_of_synced_bodies():
    """Translators get no block controls on a body kept on the source's blocks (the CSS)."""
    return format_html('<link rel="stylesheet" href="{}">', static("translations/structure.css"))


@hooks.register("insert_editor_js")
def suggest_machine_translations():
    """The status panel's "Suggest machine translation" buttons (translations.suggest)."""
    return format_html('<script src="{}" defer></script>', static("translations/suggest.js"))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_a_page_without_text(request, page):
    """A page saved or submitted with no main text in any language: readers would find only
    its title. Said at once, so the contributor can add the text before an editor sees it."""
    name = getattr(page, "main_text_field", None)
    if not name or not hasattr(page, build_localized_fieldname(name, i18n.source_language())):
        return
    # What the editor saved: the latest revision. After a publish Wagtail hands the hook the
    # page as the database holds it, which lacks the new text while its go-live time is ahead
    # (or while a language is held back as unfinished).
    saved = page.get_latest_revision_as_object() if page.pk else page
    texts = [getattr(saved, column, None) for column in i18n.language_columns(name)]
    if not any(translation_state.normalized(text) for text in texts):
        label = translation_state.label_of(type(page), name)
        messages.warning(request, pgettext_lazy("translation workbench",
            "“%(title)s” has no %(field)s in any language: readers would find only its title. "
            "Add the text before it is reviewed or published."
        ) % {"title": page.get_admin_display_title(), "field": str(label).lower()})


# -- Exchange with translators: XLIFF and PO out and in, the glossary (translations.exchange) --
@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [
        path("translations/export/", exchange_views.export_view, name="translation_export"),
        path("translations/import/", exchange_views.import_view, name="translation_import"),
    ]


@hooks.register("register_reports_menu_item")
def register_exchange_export_menu_item():
    return TranslationStatusMenuItem(
        pgettext_lazy("translation workbench",
            "Export for translators"), reverse("translation_export"),
        name="translation-export", icon_name="download", order=651,
    )


@hooks.register("register_reports_menu_item")
def register_exchange_import_menu_item():
    return TranslationStatusMenuItem(
        pgettext_lazy("translation workbench",
            "Import from translators"), reverse("translation_import"),
        name="translation-import", icon_name="upload", order=652,
    )


def _export_button(page, user, priority):
    if page.is_root() or not languages_of(user):
        return []
    if not translation_state.is_tracked(page.specific_class or type(page)):
        return []
    url = reverse("translation_export") + "?" + urlencode(
        {"scope": "section", "page": page.pk})
    return [Button(pgettext_lazy("translation workbench", "Export for translators"), url,
                   icon_name="download", priority=priority)]


@hooks.register("register_page_header_buttons")
def exchange_page_header_button(page, user, view_name=None, next_url=None):
    return _export_button(page, user, 85)


@hooks.register("register_page_listing_more_buttons")
def exchange_page_listing_button(page, user, next_url=None):
    return _export_button(page, user, 85)


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "list-ul"
    menu_label = pgettext_lazy("translation workbench", "Glossary")
    add_to_settings_menu = False
    # The term in every configured language, side by side.
    list_display = [*i18n.language_columns("term"), "note"]


register_snippet(GlossaryViewSet)
