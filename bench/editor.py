"""The schedule editor at FOSDEM scale: server time per write, and per board refresh.

In process (Django's test client: the whole middleware stack, no network), on the large
demo conference, as an organizer's browser does it: a PATCH of a slot with If-Match,
a DELETE and a POST (unschedule and place again), and the board the script fetches
after each write. The data is as it was afterwards.
"""

import statistics
import time
from typing import Any

WRITES = 20  # of each kind
WRITE_MS = 50  # the target per write


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms"


def measure_editor_writes(notes: list[str]) -> None:
    import json

    from django.contrib.auth.models import User
    from django.test import Client

    from talks.models import Slot

    user, _ = User.objects.get_or_create(
        username="bench-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    slug = "gen-large-000"
    api = f"/api/v1/conferences/{slug}/slots/"
    slot = (
        Slot.objects.filter(schedule__conference__slug=slug, schedule__version="")
        .order_by("-end")
        .first()
    )
    if slot is None:
        notes.append("schedule editor: no work-in-progress slot in the large demo; skipped")
        return
    timed: dict[str, list[float]] = {"move": [], "unschedule": [], "place": [], "board": []}

    def timed_call(kind: str, call: Any) -> Any:
        started = time.perf_counter()
        response = call()
        timed[kind].append((time.perf_counter() - started) * 1000)
        if response.status_code >= 300:
            raise RuntimeError(f"{kind}: {response.status_code} {response.content[:300]!r}")
        return response

    etag = client.get(f"{api}{slot.pk}/")["ETag"]
    board = f"/conferences/{slug}/schedule/edit/board/?day={slot.start.date().isoformat()}"
    for n in range(WRITES):
        # Shorter by five minutes, then back: always a valid move.
        end = slot.start + (slot.end - slot.start) * (0.5 if n % 2 == 0 else 1)
        response = timed_call(
            "move",
            lambda end=end, etag=etag: client.patch(
                f"{api}{slot.pk}/",
                json.dumps({"end": end.isoformat()}),
                content_type="application/json",
                HTTP_IF_MATCH=etag,
            ),
        )
        etag = response["ETag"]
        timed_call("board", lambda: client.get(board))
    for _ in range(WRITES):
        fields = {
            "talk": str(slot.talk.uuid) if slot.talk else None,
            "title": slot.title,
            "room": slot.room_id,
            "start": slot.start.isoformat(),
            "end": slot.end.isoformat(),
        }
        timed_call(
            "unschedule",
            lambda etag=etag, pk=slot.pk: client.delete(f"{api}{pk}/", HTTP_IF_MATCH=etag),
        )
        created = timed_call(
            "place",
            lambda fields=fields: client.post(
                api, json.dumps(fields), content_type="application/json"
            ),
        ).json()
        slot = Slot.objects.get(pk=created["id"])
        etag = client.get(f"{api}{slot.pk}/")["ETag"]
    writes = timed["move"] + timed["unschedule"] + timed["place"]
    met = "met" if statistics.median(writes) < WRITE_MS else "MISSED"
    notes.append(
        f"schedule editor at FOSDEM scale (in process, {len(writes)} API writes with If-Match): "
        f"per write {_ms(writes)} (target < {WRITE_MS} ms: {met}); move {_ms(timed['move'])}, "
        f"unschedule {_ms(timed['unschedule'])}, place {_ms(timed['place'])}; the board "
        f"the script fetches after a write, in the background (one day, 60 rooms) "
        f"{_ms(timed['board'])}"
    )
