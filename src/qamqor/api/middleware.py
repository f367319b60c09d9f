"""The API's request-level mechanisms, applied to every endpoint under /api/ at once:

- ``Idempotency-Key`` on POST: the first response is stored per user and key; a retry with the same
  key and the same request gets it back (``Idempotent-Replayed: true``) and changes nothing; the same
  key with another request is 422; a retry while the first is still running is 409.
- ``ETag`` on the read (and change) of a versioned record, ``If-None-Match`` → 304; PUT/PATCH run in
  one transaction so that the ``If-Match`` check (``concurrency.IfMatchPrecondition``) holds its lock
  until the change is written.
- Django's own 404/500 pages under /api/ become problem documents."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request
from rest_framework.settings import api_settings

from qamqor.api import concurrency
from qamqor.api.errors import PROBLEM_CONTENT_TYPE, problem_response
from qamqor.api.models import IdempotencyKey

API_PREFIX = "/api/"
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Response headers kept with the stored response and sent again on a replay.
KEPT_HEADERS = ("Location", "ETag", "Content-Language", "Content-Disposition")

KEY_INVALID = _("The Idempotency-Key must be 1 to 255 visible ASCII characters.")
KEY_REUSED = _("This Idempotency-Key was already used for a different request; use a new key.")
KEY_IN_USE = _("A request with this Idempotency-Key is still being processed; retry later.")
NOT_FOUND = _("Not found.")
SERVER_ERROR = _("The server could not complete the request.")


def idempotency_ttl() -> timedelta:
    return getattr(settings, "API_IDEMPOTENCY_KEY_TTL", timedelta(hours=24))


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= 255 and all(33 <= ord(c) <= 126 for c in key)


def _canonical_body(request: HttpRequest) -> bytes:
    body = request.body
    if request.content_type in ("application/json", "") and body:
        try:
            return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode()
        except ValueError:
            return body
    return body


def fingerprint(request: HttpRequest) -> str:
    h = hashlib.sha256()
    for part in (request.method or "", request.path, request.META.get("QUERY_STRING", "")):
        h.update(part.encode())
        h.update(b"\0")
    h.update(_canonical_body(request))
    return h.hexdigest()


def _api_user(request: HttpRequest) -> Any:
    """The user DRF will see (session, API token, or a test's forced user); None when anonymous or
    the credentials are refused (the view then answers 401/403 itself)."""
    authenticators = [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    try:
        user = Request(request, authenticators=authenticators).user
    except Exception:  # noqa: BLE001 - refused credentials: the view gives the proper answer
        return None
    return user if getattr(user, "is_authenticated", False) else None


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status_code,
                            content_type=record.content_type or None)
    for name, value in (record.headers or {}).items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "POST" and request.headers.get(HEADER) is not None:
            response = self._idempotent(request)
        elif request.method in ("PUT", "PATCH"):
            with transaction.atomic():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        return self._finish(request, response)

    # --- Idempotency-Key -------------------------------------------------------------------------

    def _idempotent(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER, "").strip()
        if not _valid_key(key):
            return problem_response(request, 400, "invalid_idempotency_key", KEY_INVALID,
                                    fields={HEADER: [str(KEY_INVALID)]})
        fp = fingerprint(request)  # reads the body first: authentication may parse the form later
        user = _api_user(request)
        if user is None:
            return self.get_response(request)
        record = self._claim(request, user, key, fp)
        if isinstance(record, HttpResponse):
            return record
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyKey.objects.filter(pk=record.pk).delete()
            raise
        if response.status_code >= 500 or response.status_code == 429 or response.streaming:
            IdempotencyKey.objects.filter(pk=record.pk).delete()
            return response
        IdempotencyKey.objects.filter(pk=record.pk).update(
            status_code=response.status_code, content_type=response.get("Content-Type", ""),
            headers={h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
            body=bytes(response.content))
        return response

    def _claim(self, request: HttpRequest, user: Any, key: str, fp: str) -> IdempotencyKey | HttpResponse:
        """Insert the key (the unique index decides which of two concurrent requests runs), or answer
        from the stored one."""
        for _attempt in range(2):
            now = timezone.now()
            try:
                with transaction.atomic():
                    return IdempotencyKey.objects.create(
                        user=user, key=key, fingerprint=fp, method=request.method or "POST",
                        path=request.path[:500], created_at=now, expires_at=now + idempotency_ttl())
            except IntegrityError:
                pass
            existing = IdempotencyKey.objects.filter(user=user, key=key).first()
            if existing is None:
                continue  # expired and purged meanwhile
            if existing.expires_at <= now:
                IdempotencyKey.objects.filter(pk=existing.pk, expires_at__lte=now).delete()
                continue
            if existing.fingerprint != fp:
                return problem_response(request, 422, "idempotency_key_reused", KEY_REUSED)
            if existing.status_code is None:
                response = problem_response(request, 409, "idempotency_key_in_use", KEY_IN_USE)
                response["Retry-After"] = "1"
                return response
            return _replay(existing)
        return problem_response(request, 409, "idempotency_key_in_use", KEY_IN_USE)

    # --- ETag and problem documents for Django's own errors --------------------------------------------

    def _finish(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 200 and request.method in ("GET", "HEAD", "PUT", "PATCH") \
                and not response.has_header("ETag"):
            route = concurrency.versioned_route(request)
            if route is not None:
                etag = concurrency.current_etag(*route)
                if etag:
                    response["ETag"] = etag
                    if request.method in ("GET", "HEAD") and etag in concurrency.parse_etags(
                            request.headers.get("If-None-Match", "")):
                        not_modified = HttpResponse(status=304)
                        not_modified["ETag"] = etag
                        return not_modified
        content_type = response.get("Content-Type", "")
        if response.status_code in (404, 500) and content_type.startswith("text/html"):
            code, message = ("not_found", NOT_FOUND) if response.status_code == 404 else ("server_error",
                                                                                         SERVER_ERROR)
            return problem_response(request, response.status_code, code, message)
        return response


__all__ = ["ApiMiddleware", "PROBLEM_CONTENT_TYPE", "fingerprint"]
