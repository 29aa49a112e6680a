"""Forms shared by the website and the admin."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from conference.models import Conference
from talks.models import Schedule
from talks.services import schedule_release


class ReleaseForm(forms.Form):
    """Name and release the work in progress (the admin's release page and the editor's)."""

    version = forms.CharField(max_length=50, help_text="For example 1.0, 1.1, 2.0.")
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Public note shown with the release.",
    )
    refuse_clashes = forms.BooleanField(
        required=False,
        label="Refuse while clashes remain",
        help_text="Do not release while imported talks overlap in a room.",
    )

    def release(self, *, conference: Conference, user: Any) -> Schedule | None:
        """schedule_release with the cleaned data; None, with the refusal on the form's
        fields, when the service refuses (a name already used, say)."""
        try:
            return schedule_release(
                conference=conference,
                user=user,
                version=self.cleaned_data["version"],
                comment=self.cleaned_data["comment"],
                refuse_clashes=self.cleaned_data["refuse_clashes"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
            return None
