"""The site's URLs, looked up at request time so a test can make the home page fail."""

from django.urls import path

import talks.views.conferences
from conference.urls import urlpatterns as site_urlpatterns


def _home(request):
    return talks.views.conferences.home(request)


# Matched before the site's own home page.
urlpatterns = [path("", _home), *site_urlpatterns]
