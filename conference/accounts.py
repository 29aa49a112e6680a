"""Sign-up for attendees; log in, log out and password reset are django.contrib.auth's."""

from django import forms
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from conference.infrastructure.urls_safety import safe_next


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=True, help_text="For resetting your password; never shown to anyone."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail exists; log in or reset the password."
            )
        return email


def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, default="")
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(next_url or "me:schedule")
        status = 400
    else:
        form = SignUpForm()
        status = 200
    return render(
        request, "registration/signup.html", {"form": form, "next": next_url}, status=status
    )
