"""Submitting admin change forms as a browser would: every field of the page, then the test's changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import translation


def admin_url(name: str, *args: Any) -> str:
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def _value(bound: Any) -> Any:
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [getattr(v, "pk", v) for v in value]
    return getattr(value, "pk", value)


def _form_fields(form: Any, data: dict[str, Any]) -> None:
    for name in form.fields:
        if form.fields[name].disabled:
            continue
        value = _value(form[name])
        if value in ("", []):
            continue  # a browser sends nothing for an empty select or an unticked box
        data[form.add_prefix(name)] = value


def form_data(response: Any) -> dict[str, Any]:
    """The POST data a browser would send back from an admin add/change page, unchanged."""
    data: dict[str, Any] = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = _value(management[name])
        for form in formset.forms:
            _form_fields(form, data)
    return data
