"""An indicator at the top of the page editor: which languages this page still lacks."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class TranslationStatusPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "editorial/translation_status_panel.html"

        def get_context_data(self, parent_context=None):
            from core.i18n import NATIVE_NAMES
            from editorial.translation_status import missing_for_page

            context = super().get_context_data(parent_context)
            missing = missing_for_page(self.instance) if self.instance.pk else []
            context["missing"] = [NATIVE_NAMES[code] for code in missing]
            return context

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.setdefault("heading", _("Translation status"))
        return kwargs
