"""The admin form of every portal page: Wagtail's, plus the checks apps add through the
``portal_clean_page_form`` hook (a function given the bound form; it adds its errors with
``form.add_error``). Core names no app: citations, for one, refuses a note without its source."""

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm


class PortalPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        for check in hooks.get_hooks("portal_clean_page_form"):
            check(self)
        return cleaned_data
