"""API tokens: created with a key shown once, revoked at once."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from talks.models.tokens import ApiToken, hash_token_key, new_token_key


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a named API token; returns it with its key, which is never stored or shown again."""
    key = new_token_key()
    token = ApiToken(user=user, name=name, key_hash=hash_token_key(key), key_prefix=key[:10])
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token at once: requests with its key are refused from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
