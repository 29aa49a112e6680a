"""/api/docs/: the API reference, rendered on the server from the OpenAPI schema."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from talks.api.reference import api_reference


@require_GET
@cache_control(max_age=300, public=True)
def api_reference_page(request: HttpRequest) -> HttpResponse:
    reference = api_reference()
    context = {
        "reference": reference,
        "component_names": {c.name for c in reference.components},
    }
    return render(request, "api/reference.html", context)
