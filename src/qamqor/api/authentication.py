"""``Authorization: Bearer <token>`` for systems, next to the session of people."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from qamqor.api.tokens import token_authenticate


class InvalidToken(exceptions.AuthenticationFailed):
    """Answered 401 with ``WWW-Authenticate: Bearer error="invalid_token"`` (see api.errors)."""

    default_detail = _("The API token is unknown, revoked or expired.")
    default_code = "invalid_token"


class BearerTokenAuthentication(BaseAuthentication):
    """Authenticates a request carrying an API token as the token's user (so the same roles, scopes and
    404 outside scope apply). No CSRF check: a token is not sent by a browser on its own."""

    keyword = b"bearer"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        django_request = getattr(request, "_request", request)
        cached = getattr(django_request, "_qamqor_api_token", None)
        if cached is not None:
            return cached
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise InvalidToken()
        try:
            raw = parts[1].decode("ascii")
        except UnicodeError:
            raise InvalidToken() from None
        token = token_authenticate(raw)
        if token is None:
            raise InvalidToken()
        result = (token.user, token)
        django_request._qamqor_api_token = result
        return result

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'
