"""Exceptions of the request-level mechanisms (kept apart from api.errors, which imports DRF's views)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = _("The record was changed since you read it; read it again and repeat the change.")
    default_code = "stale_version"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("Send If-Match with the ETag you read, so that a change made meanwhile is not overwritten.")
    default_code = "if_match_required"
