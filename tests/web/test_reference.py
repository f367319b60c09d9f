"""Reference pages: the regulations' catalogs, read-only, each row with its legal source."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from qamqor.rules.models import Checklist, InstitutionType, Parameter, RiskCriterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, world, rules_loaded):
    client.force_login(world.user("analyst"))
    return client


def get(client, name: str, language: str = "en") -> str:
    with translation.override(language):
        response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_institution_types_with_admission_documents_and_contraindications(reader):
    html = get(reader, "web:reference_institution_types")
    with_documents = InstitutionType.objects.filter(admission_documents__isnull=False).distinct()
    assert with_documents.exists()
    itype = with_documents.first()
    assert itype.name_en in html
    assert itype.admission_documents.first().name_en in html
    contraindicated = InstitutionType.objects.filter(contraindications__isnull=False).first()
    assert contraindicated.contraindications.first().name_en in html


def test_every_risk_criterion_and_checklist_is_listed(reader):
    html = get(reader, "web:reference_risk_criteria")
    assert html.count('<th scope="row">') == RiskCriterion.objects.count() == 90
    html = get(reader, "web:reference_checklists")
    for checklist in Checklist.objects.all():
        assert f'id="checklist-{checklist.appendix}"' in html


def test_categories_and_services_pages_list_rows_with_their_source(reader):
    html = get(reader, "web:reference_categories", "ru")
    assert "003" in html or "001" in html or "000" in html
    html = get(reader, "web:reference_services")
    assert "<table>" in html


def test_parameters_show_value_unit_dates_and_the_default_mark(reader):
    html = get(reader, "web:reference_parameters")
    default = Parameter.objects.filter(is_default=True).first()
    assert default is not None
    assert html.count("Qamqor default: the regulation is silent") == Parameter.objects.filter(is_default=True).count()
    assert default.code in html and "calendar days" in html
    first = Parameter.objects.exclude(effective_from=None).first()
    assert first.effective_from.strftime("%d.%m.%Y") in html


def test_reference_pages_offer_no_editing(reader):
    for name in ("web:reference_institution_types", "web:reference_parameters", "web:reference_checklists"):
        assert "<form" not in get(reader, name).split('<main id="main"')[1]
