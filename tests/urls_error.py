"""The site's URLs, looked up at request time so a test can make the home page fail."""

from django.urls import path

import conference.views
from conference.urls import urlpatterns as site_urlpatterns


def _home(request):
    return conference.views.home(request)


urlpatterns = [path("", _home), *site_urlpatterns[1:]]
