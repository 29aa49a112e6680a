"""Hallway's JSON API (Django REST framework), mounted at /api/v1/ by talks.api.urls."""
