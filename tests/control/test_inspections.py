"""Inspections (seed 004, Appendices 2–7) through the services: appointing one on the subject's checklist,
filling it item by item, completing it — each non-compliance becomes a finding of the first information
source with its criterion's degree, and the subject's risk degree is computed again — and every refusal."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from qamqor.accounts.models import Role
from qamqor.control.models import Finding, Inspection, RiskScore, Subject
from qamqor.control.services import inspections as services
from qamqor.control.services.inspections import ItemInput
from qamqor.control.services.risk import risk_recompute
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditEvent
from qamqor.rules.models import Checklist
from tests.factories import ProviderFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")

ACT_DATE = date(2026, 3, 2)
FINISHED = date(2026, 3, 6)
TODAY = date(2026, 3, 10)


# --- Builders (the page and API tests import them) ------------------------------------------------

def make_subject(*, kind: str = "provider", setting: str = "stationary", region=None, **fields) -> Subject:
    region = region or RegionFactory()
    provider = ProviderFactory(region=region) if kind == "provider" else None
    values = {"name": provider.name_ru if provider else f"Субъект {kind}", "bin_iin": provider.bin if provider else "",
              "address": "Астана, Мәңгілік Ел даңғылы, 8", "head_name": "Директор Ахметова А. Б."}
    values.update(fields)
    return Subject.objects.create(kind=kind, setting=setting if kind == "provider" else "", provider=provider,
                                  region=region, **values)


def inspector(region=None):
    return UserFactory(role=Role.INSPECTOR, region=region)


def appoint(actor, subject: Subject, **overrides) -> Inspection:
    data = {"act_number": "17-02/45", "act_date": ACT_DATE, "appointing_body": "Комитет труда, социальной "
            "защиты и миграции", "officials": "Главный инспектор Жумабаев Е. К.\nИнспектор Сарсенова Д. М.",
            "today": TODAY}
    data.update(overrides)
    return services.inspection_appoint(actor=actor, subject=subject, **data)


def fill_all(actor, inspection: Inspection, *, non_compliant=(), not_required=()) -> Inspection:
    """Every item compliant, except those listed as non-compliant (with evidence) or not required."""
    items = {}
    for item in inspection.items.select_related("requirement"):
        n = item.requirement.number
        if n in not_required:
            items[n] = ItemInput(required=False)
        elif n in non_compliant:
            items[n] = ItemInput(required=True, compliant=False, evidence_note=f"Акт осмотра, пункт {n}")
        else:
            items[n] = ItemInput(required=True, compliant=True)
    return services.inspection_fill(actor=actor, inspection=inspection, items=items)


def complete(actor, inspection: Inspection, **overrides) -> Inspection:
    data = {"finished_on": FINISHED, "today": TODAY}
    data.update(overrides)
    return services.inspection_complete(actor=actor, inspection=inspection, **data)


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- Appointing ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "setting", "appendix", "count"), [
    ("leb", "", 2, 3),
    ("provider", "stationary", 3, 20),
    ("provider", "semi_stationary", 3, 20),
    ("provider", "home_care", 4, 20),
    ("provider", "temporary_stay", 5, 18),
    ("accessibility", "", 6, 8),
    ("rehabilitation", "", 7, 16),
])
def test_appointing_takes_the_checklist_of_the_subjects_kind(kind, setting, appendix, count):
    subject = make_subject(kind=kind, setting=setting)
    inspection = appoint(inspector(), subject)
    assert inspection.checklist.appendix == appendix
    assert inspection.status == Inspection.Status.DRAFT
    numbers = list(inspection.items.order_by("requirement__number").values_list("requirement__number", flat=True))
    assert numbers == list(range(1, count + 1))
    assert not inspection.items.exclude(required=True).exists()
    assert not inspection.items.filter(compliant__isnull=False).exists()


def test_the_act_and_the_subject_as_it_was_are_recorded():
    subject = make_subject()
    actor = inspector()
    inspection = appoint(actor, subject, kind=Inspection.Kind.UNSCHEDULED, started_on=date(2026, 3, 3))
    inspection.refresh_from_db()
    assert (inspection.act_number, inspection.act_date, inspection.kind) == ("17-02/45", ACT_DATE, "unscheduled")
    assert (inspection.subject_name, inspection.subject_bin_iin, inspection.subject_address) == (
        subject.name, subject.bin_iin, subject.address)
    assert inspection.head_of_subject == "Директор Ахметова А. Б."
    assert inspection.officials.splitlines() == ["Главный инспектор Жумабаев Е. К.", "Инспектор Сарсенова Д. М."]
    assert inspection.created_by == actor
    # The subject's card changes later; the inspection keeps what the act said.
    Subject.objects.filter(pk=subject.pk).update(name="Renamed", address="Elsewhere")
    inspection.refresh_from_db()
    assert inspection.subject_name == subject.name
    assert AuditEvent.objects.filter(object_type="control.Inspection", object_id=str(inspection.uid),
                                     action="create").exists()


def test_the_name_iin_bin_and_address_on_the_act_may_differ_from_the_card():
    subject = make_subject()
    inspection = appoint(inspector(), subject, subject_name="ТОО «Қамқор»", subject_bin_iin=subject.bin_iin,
                         subject_address="Қарағанды, Бұқар жырау к-сі, 1")
    assert (inspection.subject_name, inspection.subject_address) == ("ТОО «Қамқор»", "Қарағанды, Бұқар жырау к-сі, 1")


@pytest.mark.parametrize(("overrides", "code", "field"), [
    ({"act_number": "  "}, "required", "act_number"),
    ({"appointing_body": ""}, "required", "appointing_body"),
    ({"officials": "\n"}, "required", "officials"),
    ({"act_date": date(2026, 3, 11)}, "act_in_future", "act_date"),
    ({"started_on": date(2026, 3, 1)}, "started_before_act", "started_on"),
    ({"kind": "raid"}, "unknown_kind", "kind"),
    ({"subject_bin_iin": "123456789012"}, "bad_bin_iin", "subject_bin_iin"),
])
def test_appointing_refuses_bad_input(overrides, code, field):
    subject = make_subject()
    error = refused(appoint, inspector(), subject, **overrides)
    assert (error.code, error.field) == (code, field)
    assert str(error.message)
    assert not Inspection.objects.filter(subject=subject).exists()


def test_a_subject_no_checklist_covers_and_a_wrong_checklist_are_refused():
    foster = make_subject(setting="foster_family")
    assert refused(appoint, inspector(), foster).code == "no_checklist"
    subject = make_subject(setting="home_care")
    error = refused(appoint, inspector(), subject, checklist=Checklist.objects.get(appendix=3))
    assert (error.code, error.field) == ("checklist_mismatch", "checklist")
    assert "Appendix 4" in str(error.message)
    assert appoint(inspector(), subject, checklist=Checklist.objects.get(appendix=4)).checklist.appendix == 4


def test_an_inactive_subject_and_a_second_inspection_on_the_same_act_are_refused():
    subject = make_subject()
    actor = inspector()
    appoint(actor, subject)
    assert refused(appoint, actor, subject).code == "duplicate_act"
    assert appoint(actor, subject, act_number="17-02/46").act_number == "17-02/46"
    Subject.objects.filter(pk=subject.pk).update(is_active=False)
    subject.refresh_from_db()
    assert refused(appoint, actor, subject, act_number="17-02/47").code == "subject_inactive"


# --- Who conducts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.PROVIDER_SPECIALIST, Role.PROVIDER_HEAD, Role.LEB_OFFICER, Role.ANALYST])
def test_only_inspectors_conduct_inspections(role):
    subject = make_subject()
    other = UserFactory(role=role, region=subject.region if role == Role.LEB_OFFICER else None)
    with pytest.raises(PermissionRefused):
        appoint(other, subject)
    inspection = appoint(inspector(), subject)
    with pytest.raises(PermissionRefused):
        fill_all(other, inspection)
    with pytest.raises(PermissionRefused):
        complete(other, inspection)
    with pytest.raises(PermissionRefused):
        services.inspection_cancel(actor=other, inspection=inspection, reason="—")


def test_an_inspector_of_another_region_does_not_see_the_subject_and_the_administrator_may_conduct():
    subject = make_subject()
    regional = inspector(region=subject.region)
    stranger = inspector(region=RegionFactory())
    with pytest.raises(NotFound):
        appoint(stranger, subject)
    inspection = appoint(regional, subject)
    with pytest.raises(NotFound):
        fill_all(stranger, inspection)
    admin = UserFactory(role=Role.ADMIN)
    fill_all(admin, inspection)
    assert complete(admin, inspection).status == Inspection.Status.COMPLETED


# --- Filling in ------------------------------------------------------------------------------------

def test_filling_records_each_line_and_the_audit_trail():
    subject = make_subject()
    actor = inspector()
    inspection = appoint(actor, subject)
    fill_all(actor, inspection, non_compliant={7}, not_required={16})
    rows = {i.requirement.number: i for i in inspection.items.select_related("requirement")}
    assert (rows[7].required, rows[7].compliant, rows[7].evidence_note) == (True, False, "Акт осмотра, пункт 7")
    assert (rows[16].required, rows[16].compliant) == (False, None)
    assert (rows[1].required, rows[1].compliant) == (True, True)
    event = AuditEvent.objects.filter(object_id=str(inspection.uid), action="update").latest("id")
    assert event.changes["item 7"] == [[True, None, ""], [True, False, "Акт осмотра, пункт 7"]]
    # Saving the same lines again changes nothing and writes nothing.
    count = AuditEvent.objects.count()
    fill_all(actor, inspection, non_compliant={7}, not_required={16})
    assert AuditEvent.objects.count() == count


def test_filling_refuses_contradictory_lines_and_saves_none_of_them():
    actor = inspector()
    inspection = appoint(actor, make_subject())
    error = refused(services.inspection_fill, actor=actor, inspection=inspection, items={
        1: ItemInput(required=True, compliant=True),
        2: ItemInput(required=False, compliant=True),
        3: ItemInput(required=True, compliant=False, evidence_note="  "),
        99: ItemInput(required=True, compliant=True),
    })
    assert error.code == "invalid_items"
    assert set(error.fields) == {"item_2_compliant", "item_3_evidence", "item_99_compliant"}
    assert "99" in str(error.fields["item_99_compliant"][0])
    assert not inspection.items.filter(compliant__isnull=False).exists()


def test_a_single_item_can_be_set():
    actor = inspector()
    inspection = appoint(actor, make_subject(kind="accessibility"))
    item = services.inspection_item_set(actor=actor, inspection=inspection, number=2, compliant=False,
                                        evidence_note="Нет поручней в санузле")
    assert (item.requirement.number, item.compliant, item.evidence_note) == (2, False, "Нет поручней в санузле")


# --- Completing ------------------------------------------------------------------------------------

def test_completing_with_unfilled_required_items_is_refused_and_changes_nothing():
    actor = inspector()
    inspection = appoint(actor, make_subject())
    services.inspection_fill(actor=actor, inspection=inspection, items={
        n: ItemInput(required=True, compliant=True) for n in range(1, 19)})
    services.inspection_fill(actor=actor, inspection=inspection, items={19: ItemInput(required=False)})
    error = refused(complete, actor, inspection)
    assert error.code == "items_unfilled"
    assert "20" in str(error.message) and "19" not in str(error.message)
    assert set(error.fields) == {"items", "item_20_compliant"}
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.DRAFT and inspection.finished_on is None
    assert not Finding.objects.filter(inspection=inspection).exists()


@pytest.mark.parametrize(("finished_on", "code"), [
    (date(2026, 3, 1), "finished_before_start"),
    (date(2026, 3, 11), "finished_in_future"),
])
def test_completing_refuses_impossible_dates(finished_on, code):
    actor = inspector()
    inspection = appoint(actor, make_subject())
    fill_all(actor, inspection)
    error = refused(complete, actor, inspection, finished_on=finished_on)
    assert (error.code, error.field) == (code, "finished_on")


def _latest(subject: Subject) -> RiskScore:
    return RiskScore.objects.filter(subject=subject).order_by("-computed_at", "-id").first()


def test_an_inspection_whose_gross_non_compliance_makes_the_subject_high_risk():
    """App. 3 item 5 repeats criterion 7 (gross): one gross violation sets the indicator to 100."""
    subject = make_subject()
    actor = inspector()
    before = risk_recompute(subject, actor=actor)
    before.refresh_from_db()
    assert (before.score, before.degree) == (Decimal("0.00"), "low")
    inspection = appoint(actor, subject)
    fill_all(actor, inspection, non_compliant={5, 9})
    complete(actor, inspection, head_of_subject="Директор Ахметова А. Б.")

    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.COMPLETED
    assert (inspection.started_on, inspection.finished_on) == (ACT_DATE, FINISHED)
    assert inspection.completed_at is not None
    findings = {f.criterion.number: f for f in Finding.objects.filter(inspection=inspection, status="active")}
    assert set(findings) == {7, 11}
    assert (findings[7].severity, findings[11].severity) == ("gross", "minor")
    for finding in findings.values():
        assert finding.source_group == Finding.Group.INSPECTIONS == 1
        assert finding.origin == Finding.Origin.INSPECTION
        assert finding.subject == subject
        assert (finding.found_on, finding.act_number) == (FINISHED, "17-02/45")
        assert finding.inspection_item.requirement.number in (5, 9)
    after = _latest(subject)
    assert after.pk != before.pk
    assert (after.score, after.degree, after.trigger) == (Decimal("100.00"), "high", "inspection")


def test_significant_and_minor_non_compliances_give_the_indicator_of_the_formula():
    """Without a gross violation: SC = SP2 × 100 / SP1 × 0.7 + SN2 × 100 / SN1 × 0.3, where SP1 and SN1
    count the criteria that apply to the subject."""
    subject = make_subject(setting="home_care")
    actor = inspector()
    inspection = appoint(actor, subject)
    # App. 4: the significant items (criteria 3, 4, 6, 28, 29, 31, 33, 35, 36) and the minor ones (5, 25, 27,
    # 30, 32, 34, 37) all non-compliant; the gross ones (5, 6, 8, 20) compliant.
    significant, minor = {1, 2, 4, 10, 11, 13, 15, 17, 18}, {3, 7, 9, 12, 14, 16, 19}
    before = risk_recompute(subject, actor=actor)
    fill_all(actor, inspection, non_compliant=significant | minor)
    complete(actor, inspection)
    score = _latest(subject)
    applicable = score.breakdown["applicable"]
    sp1, sn1 = len(applicable["significant"]), len(applicable["minor"])
    expected = (Decimal(9) * 100 / sp1 * Decimal("0.7") + Decimal(7) * 100 / sn1 * Decimal("0.3")).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert score.score == expected
    assert score.breakdown["severity_counts"] == {"gross": 0, "significant": 9, "minor": 7}
    assert (before.degree, score.degree) == ("low", "high" if expected > 70 else "medium" if expected > 30 else "low")
    assert score.degree != "low"


def test_an_inspection_without_non_compliance_leaves_the_subject_low_risk():
    subject = make_subject(kind="leb")
    actor = inspector()
    inspection = appoint(actor, subject)
    fill_all(actor, inspection, not_required={3})
    complete(actor, inspection)
    assert not Finding.objects.filter(subject=subject).exists()
    assert _latest(subject).degree == "low"


def test_app7_portal_items_without_criterion_become_findings_without_a_degree():
    subject = make_subject(kind="rehabilitation")
    actor = inspector()
    inspection = appoint(actor, subject)
    fill_all(actor, inspection, non_compliant={14})
    complete(actor, inspection)
    finding = Finding.objects.get(inspection=inspection)
    assert (finding.criterion, finding.severity, finding.source_group) == (None, "", 1)


def test_a_completed_inspection_no_longer_changes():
    actor = inspector()
    inspection = appoint(actor, make_subject())
    fill_all(actor, inspection)
    complete(actor, inspection)
    assert refused(fill_all, actor, inspection).code == "not_draft"
    assert refused(complete, actor, inspection).code == "not_draft"
    assert refused(services.inspection_cancel, actor=actor, inspection=inspection, reason="x").code == "not_draft"


def test_completing_is_one_transaction(monkeypatch):
    """When recording the findings fails, the inspection stays a draft."""
    from qamqor.control.services import findings

    actor = inspector()
    inspection = appoint(actor, make_subject())
    fill_all(actor, inspection, non_compliant={5})

    def broken(**kwargs):
        raise RuntimeError("findings unavailable")

    monkeypatch.setattr(findings, "inspection_findings_sync", broken)
    with pytest.raises(RuntimeError):
        complete(actor, inspection)
    inspection.refresh_from_db()
    assert (inspection.status, inspection.finished_on) == (Inspection.Status.DRAFT, None)


def test_cancelling_needs_a_reason_and_makes_no_finding():
    actor = inspector()
    inspection = appoint(actor, make_subject())
    fill_all(actor, inspection, non_compliant={5})
    assert refused(services.inspection_cancel, actor=actor, inspection=inspection, reason=" ").code == "reason_required"
    services.inspection_cancel(actor=actor, inspection=inspection, reason="Act revoked")
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CANCELLED and "Act revoked" in inspection.note
    assert not Finding.objects.filter(inspection=inspection).exists()
    assert refused(complete, actor, inspection).code == "not_draft"
    # The act may be used again once the cancelled inspection is out of the way.
    assert appoint(actor, inspection.subject).act_number == "17-02/45"
