"""The request being served, for the audit trail: who acts and from which address.

Set by ``RequestContextMiddleware``; management commands and jobs run with no request."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None
    path: str
    user_agent: str


current_request: ContextVar[RequestInfo | None] = ContextVar("current_request", default=None)
