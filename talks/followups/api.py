"""Follow-ups in the API: anyone creates (throttled); the talk's speakers list, read, reply
and change status; organizers get per-talk counts only. Same services as the website."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from conference.models import Conference
from talks.api.permissions import RulesPermission
from talks.followups import ratelimit, selectors, services
from talks.followups.serializers import (
    FollowUpCreateSerializer,
    FollowUpDetailSerializer,
    FollowUpNoteSerializer,
    FollowUpReceiptSerializer,
    FollowUpSerializer,
    ReplySerializer,
    StatusSerializer,
    TalkCountSerializer,
)
from talks.models import FollowUp, FollowUpNote


class InboxPagination(PageNumberPagination):
    """Explicit, so the list's shape does not change with the project-wide default."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class FollowUpViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Follow-ups to a talk's speakers.

    Anyone may create one (no account needed; limited per sender, talk and address).
    Listing, reading, replying and changing status are for the talk's speakers: the list
    holds only their talks' follow-ups, and others get 404 for a single one.
    """

    filterset_fields = ["kind", "status"]
    pagination_class = InboxPagination
    permission_classes = [RulesPermission]
    permission_map = {
        "create": None,
        "list": "talks.view_followup_inbox",
        "retrieve": "talks.view_followup",
        "reply": "talks.change_followup",
        "set_status": "talks.change_followup",
        "counts": "talks.view_followup_counts",
    }
    _conference: Conference | None = None

    def get_permission_object(self) -> Conference | None:
        """The ?conference= of the counts; the follow-up itself for the others."""
        return self._counts_conference() if self.action == "counts" else None

    def _counts_conference(self) -> Conference:
        if self._conference is None:
            slug = self.request.query_params.get("conference", "")
            if not slug:
                raise serializers.ValidationError({"conference": "Give the conference's slug."})
            self._conference = get_object_or_404(Conference, slug=slug)
        return self._conference

    def get_throttles(self) -> list[Any]:
        # Creation is limited per sender, talk and address after validation, as on the
        # website (talks/followups/ratelimit.py), not by DRF's throttles; reading and
        # answering are the speakers' own and were never throttled.
        return []

    def get_serializer_class(self) -> Any:
        return {
            "create": FollowUpCreateSerializer,
            "retrieve": FollowUpDetailSerializer,
            "reply": ReplySerializer,
            "set_status": StatusSerializer,
            "counts": TalkCountSerializer,
        }.get(self.action, FollowUpSerializer)

    def get_queryset(self) -> QuerySet[FollowUp]:
        if getattr(self, "swagger_fake_view", False):
            return FollowUp.objects.none()
        followups = selectors.followups_of_speaker(user=self.request.user).select_related("talk")
        if self.action == "list":
            status_filter = self.request.query_params.get("status")
            if not status_filter:
                followups = followups.exclude(status__in=selectors.HIDDEN)
            return followups.order_by("-created_at", "-pk")
        return followups.prefetch_related(
            Prefetch("notes", queryset=FollowUpNote.objects.order_by("created_at", "id"))
        )

    @extend_schema(request=FollowUpCreateSerializer, responses={201: FollowUpReceiptSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = FollowUpCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        talk = data.pop("talk")
        sender = str(data.get("email") or getattr(request.user, "email", ""))
        if not ratelimit.allow_followup(request, talk=talk, sender=sender):
            raise Throttled(detail="Too many follow-ups from you just now. Try again in an hour.")
        followup = services.followup_create(talk=talk, data=data, author=request.user)
        return Response(FollowUpReceiptSerializer(followup).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReplySerializer, responses={201: FollowUpNoteSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        followup = self.get_object()
        serializer = ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.followup_reply(
            followup=followup, user=request.user, **serializer.validated_data
        )
        return Response(FollowUpNoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatusSerializer, responses={200: FollowUpSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str | None = None) -> Response:
        followup = self.get_object()
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.followup_set_status(
            followup=followup, user=request.user, status=serializer.validated_data["status"]
        )
        return Response(FollowUpSerializer(followup).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "conference", OpenApiTypes.STR, required=True, description="Conference slug."
            )
        ],
        responses={200: TalkCountSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], filterset_fields=[], pagination_class=None)
    def counts(self, request: Request) -> Response:
        """Per talk: how many follow-ups came in and how many are open (organizers; no contents)."""
        talks = selectors.followup_counts(conference=self._counts_conference())
        return Response(TalkCountSerializer(talks, many=True).data)
