"""Navigation entries shown to the logged-in user, by permission."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import has_perm
from qamqor.access.permissions import P
from qamqor.access.scopes import is_provider_staff
from qamqor.accounts.models import Role

NAV = [
    ("web:home", _("Home"), None),
    ("portal:home", _("My applications"), P.PORTAL_USE),
    ("web:person_list", _("Persons"), P.PERSON_VIEW),
    ("web:provider_list", _("Providers"), P.PROVIDER_VIEW),
    ("care:worklist", _("My caseload"), P.PLAN_VIEW),
    ("care:service_list", _("Services delivered"), P.SERVICE_VIEW),
    ("care:need_list", _("Need and decisions"), P.NEED_VIEW),
    ("control:subject_list", _("State control"), P.CONTROL_VIEW),
    ("care:foster_family_list", _("Foster families"), P.FOSTER_EDIT),
    ("web:region_list", _("Regions"), P.REPORT_VIEW),
    ("web:dashboards", _("Dashboards"), P.REPORT_VIEW),
    ("exchange:index", _("E-sobes and signatures"), P.SIGNED_DOCUMENT_VIEW),
    ("web:reference", _("Reference data"), P.REFERENCE_VIEW),
]


def navigation(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    home = reverse("web:home")
    items = []
    for name, label, perm in NAV:
        if perm is not None and not has_perm(user, perm):
            continue
        if name == "portal:home" and user.role != Role.APPLICANT:
            continue  # the portal is the applicant's; staff file applications through the journal
        if name == "web:region_list" and is_provider_staff(user):
            continue  # a provider's staff have no region page; their provider's page is theirs
        url = reverse(name)
        # "page" on the entry's own page, "true" on the pages below it (a person's page under Persons).
        current = "page" if request.path == url else "true" if url != home and request.path.startswith(url) else ""
        items.append({"url": url, "label": label, "current": current})
    return {"nav": items, "can_admin": has_perm(user, P.ADMIN_SITE), "can_journal": has_perm(user, P.JOURNAL_VIEW)}
