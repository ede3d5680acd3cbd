from django import forms
from django.utils.translation import gettext_lazy as _


class VoteForm(forms.Form):
    choice = forms.TypedChoiceField(
        label=_("Your answer"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the answers before voting."),
            "invalid_choice": _("Choose one of the answers shown."),
        },
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(choice.pk, choice.label) for choice in choices]
