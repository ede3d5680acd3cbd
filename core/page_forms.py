"""The admin form of every portal page: Wagtail's, plus the checks apps add through the
``portal_clean_page_form`` hook (a function given the bound form; it adds its errors with
``form.add_error``). Core names no app: citations, for one, refuses a note without its source.

Inline children (a page's sources cited, a gallery's pictures, a map's places) are shared by
every language like the rest of the page's structure. Wagtail leaves out of the page's own form
the fields a user may not change, but not out of its children's forms: for someone who may not
change what all languages share (a translator), this form keeps in each child only the texts of
the languages they write, and refuses a child added, removed or moved.
"""

from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm

from core.field_permissions import SHARED_PERMISSION, required_permission


class PortalPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.shared_formsets = []
        if user is not None and not user.has_perm(SHARED_PERMISSION):
            self.shared_formsets = _texts_only(self.formsets.values(), user)

    def clean(self):
        cleaned_data = super().clean()
        refused = set()
        for formset in self.shared_formsets:
            added = any(form.has_changed() for form in formset.extra_forms)
            formset.is_valid()  # the formset is checked after this form; its answer is kept
            removed = any(form.cleaned_data.get(DELETION_FIELD_NAME)
                          for form in formset.initial_forms if hasattr(form, "cleaned_data"))
            if (added or removed) and formset.model not in refused:
                refused.add(formset.model)
                self.add_error(None, _(
                    "Only editors add, remove or reorder “%(children)s”: your changes to "
                    "their texts are kept in the form; ask an editor for the rest."
                ) % {"children": formset.model._meta.verbose_name_plural})
        for check in hooks.get_hooks("portal_clean_page_form"):
            check(self)
        return cleaned_data


def _texts_only(formsets, user) -> list:
    """Each child in ``formsets``, and in the formsets nested in them at any depth, keeps only
    the fields ``user`` may write (its id stays, to find it, and the formset's own controls,
    which the admin's panel reads); no formset moves anything, and the form's ``clean``
    refuses a child added or removed. Returns every formset met."""
    found = []
    for formset in formsets:
        found.append(formset)
        model = formset.model
        keep = {model._meta.pk.name, DELETION_FIELD_NAME, ORDERING_FIELD_NAME}
        for form in formset.forms:
            for name in list(form.fields):
                if name not in keep and not user.has_perm(required_permission(model, name)):
                    del form.fields[name]
            found += _texts_only(getattr(form, "formsets", {}).values(), user)
        formset.can_order = False
    return found
