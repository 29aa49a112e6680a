"""Mounted at /api/v1/followups/ by conference/urls.py."""

from rest_framework.routers import SimpleRouter

from talks.followups.api import FollowUpViewSet

router = SimpleRouter()
router.register("", FollowUpViewSet, basename="followup")

urlpatterns = router.urls
