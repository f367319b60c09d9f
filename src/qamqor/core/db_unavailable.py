"""The database went away (PostgreSQL restarted, a fail-over, the network dropped): the request that
hit it is answered 503 "service temporarily unavailable, retry" with ``Retry-After`` — a problem
document on the API, a short page elsewhere — instead of a bare 500, and the broken connection is
closed so that the next request of this worker opens a fresh one (docs/reliability.md).

``DatabaseUnavailableMiddleware.process_exception`` handles the failures raised in a view. A failure
raised in a middleware (the session or the user being read) is turned into a 500 response by Django
before any outer middleware sees it; ``_remember`` (connected to ``got_request_exception``) marks such a
request, and the middleware's ``__call__`` turns that 500 into the same 503."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5
MARK = "_qamqor_database_unavailable"


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def _close_broken_connections() -> None:
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:  # noqa: BLE001, S110 - the connection is already gone; closing is best effort
            pass


def unavailable_response(request: HttpRequest) -> HttpResponse:
    title = _("Service temporarily unavailable")
    detail = _("The database cannot be reached at the moment. Nothing was saved by this request; "
               "please retry in a few seconds.")
    if request.path.startswith("/api/"):
        from qamqor.api.errors import problem_response

        response = problem_response(request, 503, "service_unavailable", detail, title=str(title))
    else:
        response = HttpResponse(
            f'<!DOCTYPE html><html lang="{escape(getattr(request, "LANGUAGE_CODE", "kk"))}"><head>'
            f'<meta charset="utf-8"><title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>'
            f"<p>{escape(detail)}</p></main></body></html>", status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _remember(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, MARK, True)


got_request_exception.connect(_remember, dispatch_uid="qamqor.core.db_unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, MARK, False):
            _close_broken_connections()
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        _close_broken_connections()
        return unavailable_response(request)
