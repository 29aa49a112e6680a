"""Site-level responses that need no domain data: the service worker, robots.txt, the
favicon, the load balancers' health check (liveness) and the readiness check."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

from conference.infrastructure.readiness import readiness_report


@cache_control(max_age=0, no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site root so its scope covers every page."""
    path = finders.find("js/sw.js")
    content = Path(str(path)).read_text(encoding="utf-8") if path else ""
    response = HttpResponse(content, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@cache_control(public=True, max_age=24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico: browsers, feed readers and bookmarks ask for it whatever a page links.
    The site's icon (static/img/icon.svg) as an ICO file, from the static files."""
    path = finders.find("img/favicon.ico")
    if not path:
        raise Http404("No icon.")
    return HttpResponse(Path(str(path)).read_bytes(), content_type="image/x-icon")


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Keep crawlers off private and account pages; point them at the sitemap."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers, and the benchmark's ceiling: no database, no template."""
    response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database and cache answer and the task queue keeps up, else
    503 with what failed. For orchestrators and monitoring, not for every request."""
    report = readiness_report()
    return JsonResponse(report, status=200 if report["ready"] else 503)
