"""Admin pages for CSV export and import (with a preview) of one conference's data."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from conference.admin_scoping import scope_queryset
from conference.models import Conference
from talks.interchange.csv_transfer import KINDS, export_csv, import_csv

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k.capitalize()) for k in KINDS])
    file = forms.FileField(required=False, help_text="UTF-8 CSV with a header row.")
    # After a preview the checked text comes back with the confirmation, so what is
    # written is exactly what was previewed (and is checked again).
    text = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError("The file is larger than 2 MB; split it.")
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    "The file is not UTF-8 text; save it as CSV UTF-8."
                ) from None
        if not cleaned.get("text"):
            raise forms.ValidationError("Choose a CSV file.")
        return cleaned


def _conference(request: HttpRequest, conference_id: int) -> Conference:
    return get_object_or_404(
        scope_queryset(Conference.objects.all(), request.user), pk=conference_id
    )


def export_view(request: HttpRequest, conference_id: int, kind: str) -> HttpResponse:
    conference = _conference(request, conference_id)
    if kind not in KINDS:
        return HttpResponse(f"Unknown export {kind}.", status=404, content_type="text/plain")
    response = HttpResponse(
        export_csv(conference=conference, kind=kind), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{conference.slug}-{kind}.csv"'
    return response


def transfer_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, conference_id: int
) -> HttpResponse:
    """GET: export links and the import form. POST: a preview, or with "confirm" the import."""
    conference = _conference(request, conference_id)
    may_import = request.user.has_perm("talks.change_talk", conference)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        if form.is_valid():
            report = import_csv(
                conference=conference,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                user=request.user,
                commit="confirm" in request.POST,
            )
            if report.committed:
                model_admin.message_user(
                    request,
                    ngettext(
                        "Imported %(n)d %(kind)s row into %(conference)s.",
                        "Imported %(n)d %(kind)s rows into %(conference)s.",
                        len(report.rows),
                    )
                    % {"n": len(report.rows), "kind": report.kind, "conference": conference},
                )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"CSV import and export: {conference}",
        "conference": conference,
        "kinds": KINDS,
        "form": form,
        "report": report,
        "text": form.cleaned_data.get("text", "") if form.is_bound and form.is_valid() else "",
        "may_import": may_import,
        "opts": model_admin.model._meta,
    }
    refused = (report is not None and not report.ok) or (form.is_bound and not form.is_valid())
    status = 400 if refused else 200
    return TemplateResponse(request, "admin/talks/transfer.html", context, status=status)
