"""Read-only catalog endpoints: every role may read them, nobody may write, rows carry their source."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.rules.models import InstitutionType, Parameter
from tests.web.scenario import USERS

pytestmark = pytest.mark.django_db

ENDPOINTS = ["reference-institution-types", "reference-recipient-categories", "reference-service-types",
             "reference-risk-criteria", "reference-checklists", "reference-parameters"]


@pytest.fixture
def reader(world, rules_loaded) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user("analyst"))
    return client


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("who", [*USERS, "anonymous"])
def test_every_role_reads_nobody_writes(world, name, who):
    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(world.user(who))
    assert client.get(reverse(name)).status_code == (403 if who == "anonymous" else 200)
    assert client.post(reverse(name), {}, format="json").status_code in (403, 405)


def test_risk_criteria_and_checklists(reader):
    criteria = reader.get(reverse("reference-risk-criteria")).json()
    severities = [c["severity"] for c in criteria]
    assert (len(criteria), severities.count("gross"), severities.count("significant"),
            severities.count("minor")) == (90, 31, 47, 12)
    checklists = reader.get(reverse("reference-checklists")).json()
    assert [len(c["requirements"]) for c in checklists] == [3, 20, 20, 18, 8, 16]


def test_institution_types_carry_documents_and_sources(reader):
    rows = reader.get(reverse("reference-institution-types")).json()
    assert len(rows) == InstitutionType.objects.count()
    assert any(r["admission_documents"] for r in rows) and any(r["contraindications"] for r in rows)
    assert all(r["source_document"] for r in rows)


def test_parameters_mark_qamqor_defaults(reader):
    rows = reader.get(reverse("reference-parameters")).json()
    assert len(rows) == Parameter.objects.count()
    defaults = [r for r in rows if r["is_default"]]
    assert defaults and all(r["source_document"] == "QAMQOR" for r in defaults)
