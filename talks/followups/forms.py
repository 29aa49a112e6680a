"""Forms of the follow-up workflow: they parse and validate input; services do the writing."""

from typing import Any

from django import forms

from talks.followups.services import SPEAKER_STATUSES
from talks.models import FollowUp, FollowUpNote, Talk

MESSAGE_MAX = FollowUp._meta.get_field("message").max_length or 5000
NOTE_MAX = FollowUpNote._meta.get_field("body").max_length or 5000
HONEYPOT = "leave_this_empty"


class FollowUpForm(forms.ModelForm):
    """What an attendee sends. The honeypot field is hidden from people, not from bots."""

    rating = forms.TypedChoiceField(
        choices=[("", "No rating")] + [(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        label="Rating (feedback only, 1 = poor, 5 = excellent)",
    )
    leave_this_empty = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = FollowUp
        fields = ["kind", "message", "rating", "name", "email", "affiliation", "consent_to_share"]
        labels = {
            "kind": "What would you like?",
            "message": "Your message",
            "email": "Your e-mail address",
            "affiliation": "Affiliation (optional)",
            "consent_to_share": "Share my name, e-mail and affiliation with the speakers",
        }
        help_texts = {
            "email": "For your receipt, the speakers' replies and your private link.",
            "consent_to_share": (
                "Without this the speakers see your message and can reply through Hallway, "
                "but not your contact details."
            ),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("name", user.get_full_name() or user.get_username())
            self.initial.setdefault("email", user.email)

    def clean_leave_this_empty(self) -> str:
        value = self.cleaned_data.get(HONEYPOT, "")
        if value:
            raise forms.ValidationError(
                "This looked automated. Leave the last field empty and send again."
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("rating") and cleaned.get("kind") != FollowUp.Kind.FEEDBACK:
            self.add_error("rating", "A rating goes with feedback only.")
        return cleaned

    def _post_clean(self) -> None:
        # The service builds and validates the instance; skip ModelForm's own construction.
        pass

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != HONEYPOT}


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Message",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": NOTE_MAX}),
    )


class ReplyForm(NoteForm):
    internal = forms.BooleanField(
        required=False, label="Internal note for co-speakers (not sent to the attendee)"
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in SPEAKER_STATUSES], label="Mark as"
    )


class InboxFilterForm(forms.Form):
    talk = forms.ModelChoiceField(queryset=Talk.objects.none(), required=False, empty_label="All")
    kind = forms.ChoiceField(choices=[("", "All"), *FollowUp.Kind.choices], required=False)
    status = forms.ChoiceField(
        choices=[("", "All but spam")]
        + [c for c in FollowUp.Status.choices if c[0] != FollowUp.Status.WITHDRAWN],
        required=False,
    )

    def __init__(self, *args: Any, talks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["talk"].queryset = talks  # type: ignore[attr-defined]  # ModelChoiceField


class ReassignForm(forms.Form):
    talk = forms.ModelChoiceField(queryset=Talk.objects.none(), label="Move to")

    def __init__(self, *args: Any, talks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["talk"].queryset = talks  # type: ignore[attr-defined]  # ModelChoiceField


class DigestForm(forms.Form):
    followup_digest = forms.TypedChoiceField(
        choices=[("0", "One e-mail per follow-up"), ("1", "One digest e-mail a day")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        label="How should Hallway tell you about new follow-ups?",
    )


class AttendeeEmailForm(forms.Form):
    email = forms.EmailField(label="The e-mail address you used")
