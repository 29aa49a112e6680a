import pytest

from tests.admin.cast import Cast, make_cast


@pytest.fixture
def cast(db) -> Cast:
    """Two conferences and their people (organizer, other organizer, volunteer, root)."""
    return make_cast()
