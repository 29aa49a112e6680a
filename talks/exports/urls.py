"""Mounted at /conferences/<slug>/schedule/export/ by conference/urls.py."""

from django.urls import path

from talks.exports import views

app_name = "exports"

urlpatterns = [
    path(name, views.schedule_export, {"name": name}, name=name.replace(".", "_"))
    for name in views.EXPORTS
]
