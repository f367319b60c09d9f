"""The committed OpenAPI schema (src/qamqor/api/openapi.yaml) is the one the code generates: an
accidental change of the API shows up here as a diff. Refresh it with ``scripts/update_schema.sh``."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db
COMMITTED = Path(__file__).resolve().parents[2] / "src" / "qamqor" / "api" / "openapi.yaml"


def test_the_committed_schema_is_up_to_date(tmp_path):
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "en", "--file", str(out), stderr=io.StringIO())
    generated, committed = out.read_text(), COMMITTED.read_text()
    if generated != committed:
        diff = "".join(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True),
                                            "openapi.yaml (committed)", "openapi.yaml (generated)", n=2))
        pytest.fail("The API schema changed; if intended, run scripts/update_schema.sh and commit "
                    "src/qamqor/api/openapi.yaml.\n" + diff[:20000])


def test_the_schema_documents_tokens_problems_and_headers():
    schema = yaml.safe_load(COMMITTED.read_text())
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http", "scheme": "bearer",
        "description": "An API token (qmq_...) created by the administrator; see docs/api.md."}
    assert "Problem" in schema["components"]["schemas"]
    register = schema["paths"]["/api/v1/persons/register/"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in register["parameters"]]
    assert "application/problem+json" in register["responses"]["400"]["content"]
    update = schema["paths"]["/api/v1/persons/{uid}/update/"]["patch"]
    assert "If-Match" in [p["name"] for p in update["parameters"]] and "412" in update["responses"]
    assert "ETag" in schema["paths"]["/api/v1/persons/{uid}/"]["get"]["responses"]["200"]["headers"]
    assert "/api/v1/persons/bulk/" in schema["paths"]
    listed = [p["name"] for p in schema["paths"]["/api/v1/persons/"]["get"]["parameters"]]
    assert {"cursor", "page", "page_size", "ordering", "born_after", "updated_since"} <= set(listed)
