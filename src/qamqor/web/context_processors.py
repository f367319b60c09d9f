"""Navigation entries shown to the logged-in user, by permission."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import has_perm
from qamqor.access.permissions import P

NAV = [
    ("web:home", _("Home"), None),
    ("web:person_list", _("Persons"), P.PERSON_VIEW),
    ("web:provider_list", _("Providers"), P.PROVIDER_VIEW),
    ("web:reference", _("Reference data"), P.REFERENCE_VIEW),
]


def navigation(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    items = [{"url": reverse(name), "label": label} for name, label, perm in NAV if perm is None or has_perm(user, perm)]
    return {"nav": items, "can_admin": has_perm(user, P.ADMIN_SITE)}
