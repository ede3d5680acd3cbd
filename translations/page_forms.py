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
from django.utils.translation import get_language_info, pgettext_lazy
from modeltranslation.utils import build_localized_fieldname
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm

from core import i18n
from translations import stream_sync
from translations.field_permissions import SHARED_PERMISSION, required_permission


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
                self.add_error(None, pgettext_lazy("translation workbench",
                    "Only editors add, remove or reorder “%(children)s”: your changes to "
                    "their texts are kept in the form; ask an editor for the rest."
                ) % {"children": formset.model._meta.verbose_name_plural})
        if self.for_user is not None and not self.for_user.has_perm(SHARED_PERMISSION):
            self._refuse_structure_changes()
        for check in hooks.get_hooks("portal_clean_page_form"):
            check(self)
        return cleaned_data

    def _refuse_structure_changes(self):
        """A body kept on the source's blocks (translations.stream_sync) is translated block by
        block: a translator's form that adds, removes, moves or duplicates blocks is refused with a
        message, the texts they typed kept in the form (saved, the stream would be rebuilt on
        the source's blocks and the change lost without a word)."""
        model = type(self.instance)
        for name in stream_sync.synced_fields(model):
            for code in i18n.language_codes():
                column = build_localized_fieldname(name, code)
                if column not in self.fields or column not in self.cleaned_data:
                    continue
                stream_def = model._meta.get_field(column).stream_block
                before = stream_sync.shape(stream_def,
                                           stream_sync.raw(getattr(self.instance, column)))
                after = stream_sync.shape(stream_def, stream_sync.raw(self.cleaned_data[column]))
                if not stream_sync.same_shape(before, after):
                    source = get_language_info(i18n.source_language())
                    self.add_error(column, pgettext_lazy("translation workbench",
                        "The blocks of this text follow those of the source text "
                        "(%(source)s): only editors add, remove, move or duplicate them. Your "
                        "changes to their texts are kept in the form; ask an editor for the "
                        "rest.") % {"source": source["name_translated"]})


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
