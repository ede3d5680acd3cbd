from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from editorial import malformed
from editorial.translation_status import missing_by_page
from editorial.views import TranslationStatusReportView


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
    ]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


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

    def get_context_data(self, parent_context):
        return {"count": len(missing_by_page())}


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels):
    if TranslationStatusMenuItem("", "").is_shown(request):
        panels.append(TranslationStatusDashboardPanel())


# Truncated or scripted edit forms whose StreamFields cannot be read: 400, not a server error.
hooks.register("before_edit_page", malformed.before_edit_page)
hooks.register("before_create_page", malformed.before_create_page)
hooks.register("before_edit_snippet", malformed.before_edit_snippet)
hooks.register("before_create_snippet", malformed.before_create_snippet)
