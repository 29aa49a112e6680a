import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Four users per test: the production hasher's deliberate slowness only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
