"""Findings computed from the system's own records (seed 004, Appendix 1), each explaining the records
behind it. Re-computation is idempotent: one active finding per subject, criterion and rule, updated
when its records change and withdrawn when the records no longer support it.

* criterion 1 / 2 — local executive body: assessment of need / decision on the guaranteed volume later
  than its deadline (care ``need_deadlines``; the deadlines are Qamqor defaults, the seeds set none);
* criterion 3 — provider: individual work plan developed or approved later than its deadline (care
  ``plans_late``);
* criterion 4 — provider: a recipient without any work plan after the development deadline, a plan
  filled in without a single item, or an admission entered in the journal without its order;
* criteria 5 and 78 — provider: roster differs from the imported E-sobes roster (exchange
  ``roster_differences``), when that app is installed;
* criterion 6 — provider: a suspension, termination or discharge entered in the journal without its
  order (decision) number and date.

Only records dated within the window (``risk_records_window_months``, a Qamqor default) ending on the
assessment date are looked at."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from qamqor.care.domain.plans import add_months
from qamqor.control import parameters as params
from qamqor.control.domain.choices import FindingOrigin, SubjectKind
from qamqor.control.models import Subject
from qamqor.control.services._common import SYSTEM, today_or
from qamqor.control.services.findings import UpsertCounts, system_finding_set, system_findings_withdraw
from qamqor.rules.models import RiskCriterion


@dataclass(frozen=True)
class Hit:
    """The records behind a computed finding: references (JSON) and one line of explanation each."""

    records: list[dict[str, Any]]
    lines: list[str]


@dataclass(frozen=True)
class Rule:
    code: str
    criterion: int
    kinds: tuple[str, ...]
    compute: Callable[[Subject, date, date], Hit | None]
    available: Callable[[], bool] = lambda: True


@dataclass
class ComputeReport:
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    unchanged: int = 0
    skipped_rules: list[str] = field(default_factory=list)


def _hit(records: list[dict[str, Any]], lines: list[str]) -> Hit | None:
    return Hit(records, lines) if records else None


# --- local executive bodies: criteria 1 and 2 -------------------------------------------------------------

def _need_rows(subject: Subject, start: date, as_of: date) -> list[Any]:
    from qamqor.care.selectors.need import need_deadlines

    return need_deadlines(actor=SYSTEM, region=subject.region, date_from=start, date_to=as_of, today=as_of)


def _need_ref(row: Any, due: date, done: date | None, what: str) -> dict[str, Any]:
    a = row.assessment
    return {"model": "care.needassessment", "id": a.pk, "uid": str(a.uid), "what": what,
            "application_date": a.application_date.isoformat(), "due": due.isoformat(),
            "done": done.isoformat() if done else None}


def _assessment_late(subject: Subject, start: date, as_of: date) -> Hit | None:
    records, lines = [], []
    for row in _need_rows(subject, start, as_of):
        if row.timing.assessment_kept is False:
            done = row.assessment.assessment_date
            records.append(_need_ref(row, row.timing.assessment_due, done, "assessment"))
            lines.append(_("Application of %(applied)s: need to be assessed by %(due)s, assessed %(done)s.") % {
                "applied": row.assessment.application_date.isoformat(), "due": row.timing.assessment_due.isoformat(),
                "done": done.isoformat() if done else _("not yet")})
    if records:
        lines.append(_("Deadline rule: %(rule)s") % {"rule": row.deadline_source})
    return _hit(records, lines)


def _decision_late(subject: Subject, start: date, as_of: date) -> Hit | None:
    records, lines = [], []
    for row in _need_rows(subject, start, as_of):
        if row.timing.decision_kept is False and row.timing.decision_due is not None:
            done = row.decision.decision_date if row.decision else None
            ref = _need_ref(row, row.timing.decision_due, done, "decision")
            if row.decision is not None:
                ref["decision_id"] = row.decision.pk
            records.append(ref)
            lines.append(_("Application of %(applied)s: decision due by %(due)s, decided %(done)s.") % {
                "applied": row.assessment.application_date.isoformat(), "due": row.timing.decision_due.isoformat(),
                "done": done.isoformat() if done else _("not yet")})
    if records:
        lines.append(_("Deadline rule: %(rule)s") % {"rule": row.deadline_source})
    return _hit(records, lines)


# --- providers: criteria 3, 4, 6 --------------------------------------------------------------------------

def _only_setting_of_provider(subject: Subject) -> bool:
    return not Subject.objects.filter(provider_id=subject.provider_id, kind=SubjectKind.PROVIDER).exclude(
        pk=subject.pk).exists()


def _persons_in_setting(subject: Subject) -> set[int]:
    from qamqor.journal.models import Placement

    return set(Placement.objects.filter(provider_id=subject.provider_id, setting=subject.setting)
               .values_list("person_id", flat=True))


def _plan_in_subject(subject: Subject) -> Callable[[Any], bool]:
    """Plans belong to a provider; with several settings, a plan goes to the setting where its person
    was placed."""
    if _only_setting_of_provider(subject):
        return lambda plan: True
    persons = _persons_in_setting(subject)
    return lambda plan: plan.person_id in persons


def _plan_late(subject: Subject, start: date, as_of: date) -> Hit | None:
    from qamqor.care.selectors.plans import plans_late

    belongs = _plan_in_subject(subject)
    records, lines = [], []
    for row in plans_late(actor=SYSTEM, provider=subject.provider, today=as_of, include_done=True):
        plan = row.plan
        if plan.basis_date < start or plan.basis_date > as_of or not belongs(plan):
            continue
        records.append({"model": "care.individualworkplan", "id": plan.pk, "uid": str(plan.uid),
                        "basis_date": plan.basis_date.isoformat(), "due_on": plan.due_on.isoformat(),
                        "fill_by": plan.fill_by.isoformat(),
                        "developed_on": plan.developed_on.isoformat() if plan.developed_on else None,
                        "approved_on": plan.approved_on.isoformat() if plan.approved_on else None})
        lines.append(_("Plan from %(basis)s: to be developed by %(due)s (developed %(dev)s), approved by %(fill)s "
                       "(approved %(appr)s).") % {
            "basis": plan.basis_date.isoformat(), "due": plan.due_on.isoformat(),
            "dev": plan.developed_on.isoformat() if plan.developed_on else _("not yet"),
            "fill": plan.fill_by.isoformat(),
            "appr": plan.approved_on.isoformat() if plan.approved_on else _("not yet")})
    return _hit(records, lines)


def _effective_events(events: list[Any]) -> list[Any]:
    from qamqor.journal.domain import lifecycle as L
    from qamqor.journal.queries import to_ev

    evs = [to_ev(e) for e in events]
    try:
        return L.effective_events(evs)
    except L.RuleRefusal:
        return [e for e in evs if e.kind != L.EventKind.CORRECTION]


def _journal_events(subject: Subject, kinds: set[str], start: date, as_of: date) -> list[Any]:
    """The effective (corrections applied) events of the given kinds in the subject's journals."""
    from qamqor.journal.models import JournalEvent

    events = list(JournalEvent.objects.filter(journal__provider_id=subject.provider_id,
                                              journal__setting=subject.setting).order_by("id"))
    return [e for e in _effective_events(events) if str(e.kind) in kinds and start <= e.on <= as_of]


def _event_ref(e: Any, what: str) -> dict[str, Any]:
    return {"model": "journal.journalevent", "id": e.id, "kind": str(e.kind), "date": e.on.isoformat(),
            "order_number": e.order_number, "order_date": e.order_date.isoformat() if e.order_date else None,
            "what": what}


def _missing_documents(subject: Subject, start: date, as_of: date) -> Hit | None:
    from qamqor.journal.models import EventKind

    kinds = {EventKind.SUSPENSION.value, EventKind.TERMINATION.value, EventKind.DISCHARGE.value}
    records, lines = [], []
    labels = dict(EventKind.choices)
    for e in _journal_events(subject, kinds, start, as_of):
        if e.order_number.strip() and e.order_date is not None:
            continue
        records.append(_event_ref(e, "no_document"))
        lines.append(_("%(event)s of %(date)s entered without the order (decision) number and date.") % {
            "event": labels.get(str(e.kind), str(e.kind)), "date": e.on.isoformat()})
    return _hit(records, lines)


def _plan_or_journal_incomplete(subject: Subject, start: date, as_of: date) -> Hit | None:
    from qamqor.care.models import IndividualWorkPlan
    from qamqor.journal.models import EventKind, Placement

    records, lines = [], []
    due_days = int(params.value(params.PLAN_DUE_DAYS, as_of).value)
    placements = Placement.objects.filter(provider_id=subject.provider_id, setting=subject.setting,
                                          started_on__gte=start, started_on__lte=as_of - timedelta(days=due_days))
    with_plan = set(IndividualWorkPlan.objects.filter(provider_id=subject.provider_id)
                    .values_list("person_id", flat=True))
    for p in placements.order_by("started_on", "id"):
        if p.person_id in with_plan:
            continue
        records.append({"model": "journal.placement", "id": p.pk, "started_on": p.started_on.isoformat(),
                        "what": "no_plan"})
        lines.append(_("Recipient placed on %(date)s has no individual work plan %(days)s days later.") % {
            "date": p.started_on.isoformat(), "days": due_days})
    belongs = _plan_in_subject(subject)
    empty = (IndividualWorkPlan.objects.filter(provider_id=subject.provider_id, filled_on__isnull=False,
                                               filled_on__gte=start, filled_on__lte=as_of, items__isnull=True)
             .order_by("filled_on", "id"))
    for plan in empty:
        if not belongs(plan):
            continue
        records.append({"model": "care.individualworkplan", "id": plan.pk, "uid": str(plan.uid),
                        "filled_on": plan.filled_on.isoformat(), "what": "plan_without_items"})
        lines.append(_("Plan filled in on %(date)s contains no services.") % {"date": plan.filled_on.isoformat()})
    kinds = {EventKind.ADMISSION.value, EventKind.READMISSION.value}
    for e in _journal_events(subject, kinds, start, as_of):
        if e.order_number.strip() and e.order_date is not None:
            continue
        records.append(_event_ref(e, "journal_incomplete"))
        lines.append(_("Admission of %(date)s entered in the journal without the order number and date.") % {
            "date": e.on.isoformat()})
    return _hit(records, lines)


# --- providers: criteria 5 and 78 (E-sobes roster) --------------------------------------------------------

def _exchange_available() -> bool:
    try:
        from qamqor.exchange.selectors import roster_differences  # noqa: F401
    except ImportError:
        return False
    return True


def _roster_differs(subject: Subject, start: date, as_of: date) -> Hit | None:
    from qamqor.exchange.selectors import roster_differences

    records, lines = [], []
    for d in roster_differences(subject.provider_id, as_of):
        if d.setting and d.setting != subject.setting:
            continue
        records.append({"model": "exchange.rosterentry" if d.entry_id else "journal.placement",
                        "id": d.entry_id or d.placement_id, "import_id": d.import_id, "kind": str(d.kind),
                        "field": d.field, "esobes": d.esobes_value, "qamqor": d.qamqor_value,
                        "row_number": d.row_number, "placement_id": d.placement_id})
        lines.append(str(d.message))
    return _hit(records, lines)


PROVIDER = (SubjectKind.PROVIDER.value,)
LEB = (SubjectKind.LEB.value,)

RULES: tuple[Rule, ...] = (
    Rule("need_assessment_late", 1, LEB, _assessment_late),
    Rule("need_decision_late", 2, LEB, _decision_late),
    Rule("plan_late", 3, PROVIDER, _plan_late),
    Rule("plan_or_journal_incomplete", 4, PROVIDER, _plan_or_journal_incomplete),
    Rule("roster_differs_esobes", 5, PROVIDER, _roster_differs, _exchange_available),
    Rule("roster_differs_esobes_monitoring", 78, PROVIDER, _roster_differs, _exchange_available),
    Rule("suspension_without_documents", 6, PROVIDER, _missing_documents),
)


@transaction.atomic
def _compute_subject(subject: Subject, day: date, report: ComputeReport) -> None:
    window = int(params.value(params.RECORDS_WINDOW_MONTHS, day).value)
    start = add_months(day, -window) + timedelta(days=1)
    criteria = {c.number: c for c in RiskCriterion.objects.filter(number__in=[r.criterion for r in RULES])}
    counts = UpsertCounts()
    for rule in RULES:
        if subject.kind not in rule.kinds or rule.criterion not in criteria:
            continue
        if subject.kind == SubjectKind.PROVIDER and not (subject.provider_id and subject.setting):
            continue
        if not rule.available():
            if rule.code not in report.skipped_rules:
                report.skipped_rules.append(rule.code)
            continue
        hit = rule.compute(subject, start, day)
        keep: set[int] = set()
        if hit is not None:
            keep = {rule.criterion}
            _f, what = system_finding_set(subject, criterion=criteria[rule.criterion], rule_code=rule.code,
                                          origin=FindingOrigin.COMPUTED, found_on=day, records=hit.records,
                                          explanation="\n".join(hit.lines))
            setattr(counts, what, getattr(counts, what) + 1)
        counts.withdrawn += system_findings_withdraw(
            subject, rule_code=rule.code, keep_criteria=keep,
            reason=_("The system's records no longer show this on %(date)s.") % {"date": day.isoformat()})
    report.created += counts.created
    report.updated += counts.updated
    report.withdrawn += counts.withdrawn
    report.unchanged += counts.unchanged


def findings_compute(subject: Subject | None = None, *, as_of: date | None = None) -> ComputeReport:
    """Compute the findings of one subject (or of every active subject) from the records as of a date."""
    day = today_or(as_of)
    report = ComputeReport()
    subjects = [subject] if subject is not None else list(Subject.objects.filter(is_active=True).order_by("pk"))
    for s in subjects:
        _compute_subject(s, day, report)
    return report
