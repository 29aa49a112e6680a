"""README.md's "Who may do what" table is the one generated from the rules."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from conference.models import Conference
from talks.permission_table import (
    README_END,
    README_START,
    ROLES,
    permission_rows,
    permission_table,
)

README = Path(__file__).resolve().parent.parent / "README.md"

pytestmark = pytest.mark.django_db


def readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    assert text.count(README_START) == 1
    assert text.count(README_END) == 1
    return text.split(README_START, 1)[1].split(README_END, 1)[0].lstrip("\n")


def test_readme_table_matches_the_rules():
    assert readme_table() == permission_table(), (
        "README.md is out of date: paste the output of `python manage.py permissions_table` "
        f"between {README_START!r} and {README_END!r}"
    )


def test_command_prints_the_table_and_leaves_no_rows_behind(capsys):
    call_command("permissions_table")
    assert capsys.readouterr().out == permission_table()
    assert not Conference.objects.exists()
    assert not User.objects.exists()


# Asked with no object ("for some conference"): B's organizer holds them through B.
FOR_SOME_CONFERENCE = {"talks.add_speaker", "talks.add_tag", "talks.view_followup_inbox"}


def test_volunteers_only_view_and_other_organizers_get_nothing_of_a():
    roles = list(ROLES)
    volunteer, other = roles.index("volunteer"), roles.index("B's organizer")
    for permission, _, allowed in permission_rows():
        if not permission.split(".")[1].startswith("view_"):
            assert not allowed[volunteer], permission
        if permission not in FOR_SOME_CONFERENCE:
            assert not allowed[other], permission
