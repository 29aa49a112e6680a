"""Sign-up for attendees; log in, log out and password reset are django.contrib.auth's
(the reset e-mail links to SITE_URL, as every e-mail does)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import PasswordResetView
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


class SiteUrlPasswordResetView(PasswordResetView):
    """The reset link points at the configured SITE_URL, like the follow-up e-mails, not
    at whatever host the request came in on."""

    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


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
