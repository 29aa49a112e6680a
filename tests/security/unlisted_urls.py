"""The project's URLs plus one that has no row in the matrix (for the matrix's own test)."""

from django.http import HttpResponse
from django.urls import path

from conference.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("brand-new/", lambda request: HttpResponse("new"), name="brand-new-page"),
]
