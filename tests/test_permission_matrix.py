"""Every URL × the seven roles, against the explicit table in tests/security/expected.py.

A write that is refused must also leave every table as it was (tests/security/matrix.py).
"""

import pytest
from django.contrib import admin

from conference.models import Room
from tests.security.expected import ADMIN_MODEL_POLICY, KNOWN_GAPS
from tests.security.matrix import Checked, check_role, data_snapshot, missing_rows
from tests.security.world import ROLES, build_world


def test_every_url_and_method_has_an_expected_outcome():
    problems = missing_rows()
    assert not problems, "\n".join(problems)


def test_a_url_without_a_row_fails_naming_it(settings):
    settings.ROOT_URLCONF = "tests.security.unlisted_urls"
    problems = missing_rows()
    assert problems == [
        "add an entry to EXPECTED for 'brand-new-page' (route 'brand-new/') "
        "in tests/security/expected.py"
    ]


def test_every_admin_model_has_a_policy():
    missing = [
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.label_lower not in ADMIN_MODEL_POLICY
    ]
    assert not missing, "\n".join(
        f"add an entry to ADMIN_MODEL_POLICY for {label!r} in tests/security/expected.py"
        for label in missing
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_role_gets_the_expected_outcome_everywhere(role):
    world = build_world()
    results = check_role(world, role)
    assert len(results) > 50  # the whole URL configuration, not a handful
    wrong = [r for r in results if not r.ok and (r.key, r.method, role) not in KNOWN_GAPS]
    closed = [
        f"{r} -- gap closed: remove it from KNOWN_GAPS"
        for r in results
        if r.ok and (r.key, r.method, role) in KNOWN_GAPS
    ]
    assert not wrong + closed, "\n".join(map(str, wrong + closed))


@pytest.mark.django_db
def test_a_refused_write_that_changes_data_is_reported():
    world = build_world()
    before = data_snapshot()
    Room.objects.filter(pk=world.room.pk).update(name="Renamed behind the rules' back")
    after = data_snapshot()
    assert [label for label in before if before[label] != after[label]] == ["conference.Room"]
    checked = Checked("key", "POST", "volunteer", "/x/", 403, frozenset({403}), (), ("r",))
    assert not checked.ok
    assert "refused but changed" in str(checked)
