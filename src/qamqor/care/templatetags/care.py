"""The care block of a person's page: the open dossiers with their missing documents, the current plan
and its progress, the services delivered lately and the documents to print — each read through the
care selectors, so a user sees only what their role and scope allow."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.care import selectors
from qamqor.registry.models import Person

register = template.Library()


@register.inclusion_tag("care/_person_care.html", takes_context=True)
def person_care(context: dict[str, Any], person: Person) -> dict[str, Any]:
    actor = context["request"].user
    today = timezone.localdate()
    plans = [{"plan": p, "timing": selectors.plan_timing(p, today)}
             for p in selectors.plan_list(actor=actor, person=person).exclude(status="closed")]
    provider = getattr(actor, "provider", None)
    own = provider is not None
    return {
        "person": person,
        "can_contract": own and can(actor, P.CONTRACT_EDIT, provider),
        "can_dossier": own and can(actor, P.DOSSIER_EDIT, provider),
        "can_plan": own and can(actor, P.PLAN_EDIT, provider),
        "can_see": any(has_perm(actor, p) for p in (P.DOSSIER_VIEW, P.PLAN_VIEW, P.SERVICE_VIEW)),
        "dossiers": list(selectors.dossier_list(actor=actor, person=person)),
        "missing": list(selectors.missing_document_list(actor=actor, person=person)),
        "plans": plans,
        "deliveries": list(selectors.service_delivery_list(actor=actor, person=person).order_by(
            "-delivered_on", "-id")[:10]),
    }
