"""The OpenAPI schema is generated without a warning and validates."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/v1/persons/", "/api/v1/persons/register/", "/api/v1/providers/{uid}/capacities/",
                 "/api/v1/grounds/register/", "/api/v1/regions/"):
        assert f"  {path}:" in text


def test_schema_endpoint_for_logged_in_users(world):
    client = APIClient()
    assert client.get(reverse("api-schema")).status_code == 403
    client.force_authenticate(world.user("analyst"))
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200 and "/api/v1/persons/" in response.json()["paths"]
