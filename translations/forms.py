"""The admin form of snippets and settings whose texts are kept per language."""

from wagtail.admin.forms import WagtailAdminModelForm

from translations.field_permissions import required_permission


class ByLanguageForm(WagtailAdminModelForm):
    """Leaves out of the form every field the user may not write, as the page editor does
    (translations.panels.by_language): a translator for Russian gets the Russian texts, nothing
    else; fields left out keep their values. A model takes it as its ``base_form_class``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        model = self._meta.model
        for name in list(self.fields):
            if not user.has_perm(required_permission(model, name)):
                del self.fields[name]
