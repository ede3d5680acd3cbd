"""The public form to propose a name or a correction to the register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import i18n
from remembrance.models.register import NameRecord, Status, spelling_label

CONSENT_STATEMENT = _(
    "I agree that the editors keep my name and contact details to verify this proposal and "
    "to contact me about it. They are never published and are deleted when I ask. What I "
    "propose about the person may be published once the editors have verified it."
)


class ContributionForm(forms.Form):
    """The name in each configured language's script (fields named as the record's columns,
    ``name_<code>``, built in ``__init__``), then what happened and who proposes it."""

    # No answer chosen for the reader: the list opens on a blank choice they must change.
    status = forms.ChoiceField(label=_("What happened to the person"),
                               choices=[("", _("Choose one")), *Status.choices])
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1880, max_value=1992
    )
    age = forms.IntegerField(
        label=_("Age in February 1992"), required=False, min_value=0, max_value=120
    )
    place = forms.CharField(
        label=_("Where it happened, if known"), max_length=200, required=False
    )
    message = forms.CharField(
        label=_("What you know about the person"), widget=forms.Textarea(attrs={"rows": 5}),
        required=False, max_length=5000,
    )
    sources_note = forms.CharField(
        label=_("How you know it"),
        help_text=_("A document, a publication, a family record, your own memory."),
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
    )
    contributor_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"))
    phone = forms.CharField(label=_("Your telephone (optional)"), max_length=50, required=False)
    relationship = forms.CharField(
        label=_("Your relationship to the person (optional)"), max_length=200, required=False
    )
    consent = forms.BooleanField(label=CONSENT_STATEMENT)
    correction_of = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Left empty by people; filled in by robots that fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spellings = {
            column: forms.CharField(label=spelling_label(code), max_length=200, required=False)
            for code, column in zip(i18n.language_codes(), i18n.language_columns("name"),
                                    strict=True)
        }
        self.fields = {**spellings, **self.fields}

    def name_fields(self):
        """The bound fields of the name in each language, for the template."""
        return [self[column] for column in i18n.language_columns("name")]

    def clean_correction_of(self):
        pk = self.cleaned_data.get("correction_of")
        if pk is None:
            return None
        record = NameRecord.objects.filter(pk=pk, live=True).first()
        if record is None:
            raise forms.ValidationError(_("The record to correct no longer exists."))
        return record

    def clean(self):
        cleaned = super().clean()
        columns = i18n.language_columns("name")
        if not any((cleaned.get(column) or "").strip() for column in columns):
            self.add_error(columns[0], _("Enter the name in at least one script."))
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())
