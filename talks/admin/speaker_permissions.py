"""Who may read and change a speaker in the admin, shared by the speaker admin and its
inlines (an inline's permission methods get the parent speaker)."""

from typing import Any

from django.http import HttpRequest


class SpeakerPermissionsMixin:
    """A speaker by talks.view_speaker / talks.change_speaker; without one, the
    conference permissions ("for some conference": the list, the add page)."""

    def _may_view(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return super()._may_view(request)  # type: ignore[misc]  # ConferenceScopedMixin's
        return request.user.has_perm("talks.view_speaker", obj)

    def _may_change(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return super()._may_change(request)  # type: ignore[misc]  # ConferenceScopedMixin's
        return request.user.has_perm("talks.change_speaker", obj)
