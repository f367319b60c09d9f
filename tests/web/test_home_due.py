"""The home page per role: what is due, counted from planted records, with links — and nothing from
outside the user's scope (the same records planted at the other provider, in the other region)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qamqor.journal.models import ApplicationStatus
from tests.factories import UserFactory
from tests.web import planting as plant

pytestmark = pytest.mark.django_db


def _plant_provider(provider) -> None:
    plant.plan_due(provider)
    plant.plan_late(provider)
    plant.plan_monitored(provider)
    plant.application(provider, status=ApplicationStatus.OFFERED, arrival_by=plant.days(2))
    plant.application(provider, status=ApplicationStatus.OFFERED, arrival_by=plant.days(20))
    plant.application(provider)
    plant.application(provider, waited=40)
    plant.dossier_missing(provider, missing=2)


@pytest.fixture
def planted(world, care_catalog):
    _plant_provider(world.provider)
    # The same at the other provider (other region), and more of it: none of it may show for ours.
    _plant_provider(world.other_provider)
    plant.plan_late(world.other_provider)
    plant.application(world.other_provider)
    return world


def _counts(rows) -> dict[str, int]:
    return {str(row["label"]): row["count"] for row in rows}


@pytest.mark.parametrize("who", ["specialist", "head"])
def test_provider_staff_see_their_providers_work_counted(client, planted, who):
    client.force_login(planted.user(who))
    response = client.get(reverse("web:home"))
    counts = _counts(response.context["staff_due"])
    assert counts == {
        "Plans due this week": 1,
        "Plans late": 1,
        "Quarterly monitoring due": 1,
        "Offers of a place about to lapse (arrival within 3 days)": 1,
        "Applications waiting in the queues": 2,
        "Documents missing from admission dossiers": 2,
        "Transfers to us awaiting arrival": 0,
    }
    html = response.content.decode()
    assert reverse("care:worklist") + "#late-title" in html
    assert reverse("journal:index", kwargs={"provider_uid": planted.provider.uid}) in html
    assert reverse("journal:index", kwargs={"provider_uid": planted.other_provider.uid}) not in html
    assert "need_due" not in response.context


def test_the_other_providers_staff_see_only_theirs(client, planted):
    client.force_login(planted.user("other_specialist"))
    counts = _counts(client.get(reverse("web:home")).context["staff_due"])
    assert counts["Plans late"] == 2
    assert counts["Applications waiting in the queues"] == 3


def test_the_head_sees_caseloads_outside_the_norm(client, planted):
    worker = UserFactory(role="provider_specialist", provider=planted.provider, first_name="Гүлнар",
                         last_name="Омарова")
    plant.assign(planted.provider, worker, 2)  # under the norm of 4–6
    ok_worker = UserFactory(role="provider_specialist", provider=planted.provider)
    plant.assign(planted.provider, ok_worker, 5)
    client.force_login(planted.user("head"))
    response = client.get(reverse("web:home"))
    assert [row.worker for row in response.context["caseload_flags"]] == [worker]
    assert "Гүлнар Омарова" in response.content.decode()
    # The specialist has no caseload block.
    client.force_login(planted.user("specialist"))
    assert "caseload_flags" not in client.get(reverse("web:home")).context


def _plant_need(world) -> None:
    person = world.person
    plant.assessment(world.region, person, applied=-60)  # pending, late (10 working days)
    plant.assessment(world.region, person, applied=0)  # pending, on time
    plant.assessment(world.region, person, applied=-70, assessed=-40, outcome="need")  # decision late
    decided = plant.assessment(world.region, person, applied=-50, assessed=-45, outcome="need")
    plant.decision(decided, on=-44)
    plant.assessment(world.other_region, world.other_person, applied=-60)  # other region


def test_the_local_executive_body_sees_its_regions_applications(client, planted):
    _plant_need(planted)
    client.force_login(planted.user("leb"))
    response = client.get(reverse("web:home"))
    assert _counts(response.context["need_due"]) == {
        "Assessments of need pending": 2,
        "Assessments of need late": 1,
        "Decisions on the guaranteed volume pending": 1,
        "Decisions on the guaranteed volume late": 1,
        "Queue applications waiting in the region": 2,
    }
    html = response.content.decode()
    assert reverse("web:region_detail", kwargs={"code": planted.region.code}) in html
    assert reverse("web:region_detail", kwargs={"code": planted.other_region.code}) not in html
    assert "staff_due" not in response.context
    # Its region at a glance: the own provider's 120 places and 2 waiting.
    assert response.context["aggregates"]["capacity"] == 120
    assert response.context["aggregates"]["waiting"] == 2
    assert response.context["aggregates"]["plans_late"] == 1


def test_the_other_regions_officer_sees_only_that_region(client, planted):
    _plant_need(planted)
    client.force_login(planted.user("other_leb"))
    counts = _counts(client.get(reverse("web:home")).context["need_due"])
    assert counts["Assessments of need pending"] == 1
    assert counts["Decisions on the guaranteed volume pending"] == 0
    assert counts["Queue applications waiting in the region"] == 3


def test_the_analyst_sees_national_aggregates_and_no_person(client, planted):
    client.force_login(planted.user("analyst"))
    response = client.get(reverse("web:home"))
    aggregates = response.context["aggregates"]
    assert aggregates["national"] is True
    assert aggregates["capacity"] == 120
    assert aggregates["waiting"] == 5
    assert aggregates["plans_late"] == 3
    assert "staff_due" not in response.context and "need_due" not in response.context
    html = response.content.decode()
    assert planted.person.surname not in html
    assert reverse("web:dashboards") in html


def test_the_inspector_sees_the_control_block(client, planted):
    client.force_login(planted.user("inspector"))
    response = client.get(reverse("web:home"))
    control = response.context["control"]
    html = response.content.decode()
    assert 'id="control-title"' in html
    if control.available:
        assert control.planned_count == 0 and control.high_risk_count == 0
    else:
        assert "The control module (risk degrees and inspections) is not installed yet." in html


def test_the_date_is_written_in_the_users_language(client, world):
    client.force_login(world.user("specialist"))
    from qamqor.web.templatetags.qamqor_web import long_date

    html_ru = client.get("/ru/").content.decode()
    html_kk = client.get("/kk/").content.decode()
    from django.utils import translation

    with translation.override("ru"):
        ru = long_date(plant.TODAY)
    with translation.override("kk"):
        kk = long_date(plant.TODAY)
    assert ru in html_ru and kk in html_kk
    with translation.override("ru"):
        assert long_date(plant.days(0).replace(month=3, day=8)).startswith("8 марта")
    with translation.override("kk"):
        assert "наурыз" in long_date(plant.days(0).replace(month=3, day=8))
