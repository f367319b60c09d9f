"""Dashboards: occupancy by region and setting, queue lengths and waiting times, plans on time against
late, services delivered against planned. Each is a ``Table`` (columns and rows, numbers only — no
person is named) that the page draws as an SVG chart beside its table and exports to XLSX and CSV.

Scope: every queryset goes through ``qamqor.access.core.scope``, so a region's officer counts the
region's providers, a head the own provider, and national roles the country. National roles see one
row per region; others one row per provider of their scope. The region and provider pages reuse the
same tables filtered to one region or one provider."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.access.scopes import is_national
from qamqor.care.domain.plans import PlanStatus
from qamqor.care.models import IndividualWorkPlan, PlanItem, ServiceDelivery
from qamqor.core.documents import xlsx_bytes
from qamqor.journal.models import ApplicationStatus, Placement, QueueApplication
from qamqor.registry.models import Provider, ProviderSetting, Region
from qamqor.rules.choices import Setting
from qamqor.web.charts import Series, bar_chart

REGION = "region"
PROVIDER = "provider"
KEYS = ("occupancy", "queues", "plans", "services")


@dataclass(frozen=True)
class ReportPeriod:
    """The dates the plans and services dashboards count (inclusive)."""

    start: date
    end: date

    @classmethod
    def default(cls, today: date) -> ReportPeriod:
        """From the first of January of this year to today."""
        return cls(date(today.year, 1, 1), today)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True


@dataclass
class Table:
    """One dashboard: its rows (dicts keyed by the columns' keys, plus ``url`` for the first cell) and
    how to chart them (``series`` keys, stacked or side by side)."""

    key: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    stacked: bool = True

    def header(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def values(self) -> list[list[Any]]:
        return [[row.get(c.key) for c in self.columns] for row in self.rows]

    def display_rows(self) -> list[dict[str, Any]]:
        """Rows for the page: the cells in column order and the link of the first."""
        return [{"url": row.get("url", ""), "cells": [row.get(c.key) for c in self.columns]} for row in self.rows]

    def chart(self) -> Any:
        labels = {c.key: str(c.label) for c in self.columns}
        categories = [" — ".join(str(row[c.key]) for c in self.columns if not c.numeric) for row in self.rows]
        return bar_chart(chart_id=f"chart-{self.key}", title=self.title, description=self.description,
                         categories=categories, stacked=self.stacked,
                         series=[Series(labels[k], [row.get(k) or 0 for row in self.rows]) for k in self.series])


def may_read(actor: Any) -> bool:
    """Reports for those who hold them; the journal's readers see the occupancy of their own scope."""
    return has_perm(actor, P.REPORT_VIEW) or has_perm(actor, P.JOURNAL_VIEW)


def group_for(actor: Any) -> str:
    return REGION if is_national(actor) else PROVIDER


def _filtered(qs: QuerySet[Any], prefix: str, region: Region | None, provider: Provider | None) -> QuerySet[Any]:
    if region is not None:
        qs = qs.filter(**{f"{prefix}region": region})
    if provider is not None:
        qs = qs.filter(**{f"{prefix}pk" if not prefix else f"{prefix[:-2]}": provider})
    return qs


def _scoped(actor: Any, qs: QuerySet[Any], prefix: str, region: Region | None,
            provider: Provider | None) -> QuerySet[Any]:
    if not may_read(actor):
        return qs.none()
    return _filtered(scope(actor, qs), prefix, region, provider)


class _Groups:
    """Names and links of the rows' groups (regions or providers)."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.field = "provider__region_id" if group == REGION else "provider_id"
        self._names: dict[int, tuple[str, str]] = {}

    def load(self, ids: Iterable[int]) -> None:
        ids = [i for i in set(ids) if i is not None and i not in self._names]
        if self.group == REGION:
            for region in Region.objects.filter(pk__in=ids):
                self._names[region.pk] = (str(region), reverse("web:region_detail", kwargs={"code": region.code}))
        else:
            for provider in Provider.objects.filter(pk__in=ids):
                self._names[provider.pk] = (provider.name, reverse("web:provider_detail", kwargs={"uid": provider.uid}))

    def name(self, pk: int) -> str:
        return self._names.get(pk, ("—", ""))[0]

    def url(self, pk: int) -> str:
        return self._names.get(pk, ("—", ""))[1]

    def label(self) -> str:
        return _("Region") if self.group == REGION else _("Provider")


SETTING_LABELS: Callable[[], dict[str, str]] = lambda: {k: str(v) for k, v in Setting.choices}  # noqa: E731


def _counts(qs: QuerySet[Any], field: str, by_setting: bool = True) -> dict[tuple[int, str], int]:
    keys = [field, "setting"] if by_setting else [field]
    out: dict[tuple[int, str], int] = {}
    for row in qs.order_by().values(*keys).annotate(n=Count("pk")):
        out[(row[field], row.get("setting", ""))] = row["n"]
    return out


def _sorted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["group"], r.get("setting", "")))


# --- occupancy ----------------------------------------------------------------------------------------------

def occupancy(*, actor: Any, today: date, group: str | None = None, region: Region | None = None,
              provider: Provider | None = None) -> Table:
    """Per region (or provider) and setting: places, taken by a present recipient (also one on leave or
    suspended), held by an offer, free, and the share taken."""
    g = _Groups(group or group_for(actor))
    table = Table("occupancy", _("Occupancy by region and setting") if g.group == REGION else
                  _("Occupancy by provider and setting"),
                  _("Places taken, held by an offer and free, per setting; the table beside the chart gives "
                    "the same figures."),
                  [Column("group", g.label(), numeric=False), Column("setting_label", _("Setting"), numeric=False),
                   Column("capacity", _("Places")), Column("occupied", _("Taken")), Column("offered", _("Held by an offer")),
                   Column("free", _("Free")), Column("rate", _("Taken, %"))],
                  series=["occupied", "offered", "free"])
    settings = _scoped(actor, ProviderSetting.objects.filter(provider__is_active=True), "provider__", region, provider)
    capacity: dict[tuple[int, str], int] = defaultdict(int)
    for row in settings.order_by().values(g.field, "setting").annotate(c=Sum("capacity")):
        capacity[(row[g.field], row["setting"])] += row["c"] or 0
    occupied = _counts(_scoped(actor, Placement.objects.filter(active=True), "provider__", region, provider), g.field)
    offered = _counts(_scoped(actor, QueueApplication.objects.filter(status=ApplicationStatus.OFFERED),
                              "provider__", region, provider), g.field)
    keys = set(capacity) | set(occupied) | set(offered)
    g.load(k[0] for k in keys)
    labels = SETTING_LABELS()
    for key in keys:
        cap, occ, off = capacity.get(key, 0), occupied.get(key, 0), offered.get(key, 0)
        table.rows.append({"group": g.name(key[0]), "url": g.url(key[0]), "setting": key[1],
                           "setting_label": labels.get(key[1], key[1]), "capacity": cap, "occupied": occ,
                           "offered": off, "free": max(cap - occ - off, 0),
                           "rate": round(100 * occ / cap, 1) if cap else None})
    table.rows = _sorted(table.rows)
    return table


# --- queues ------------------------------------------------------------------------------------------------

def queues(*, actor: Any, today: date, period: ReportPeriod | None = None, group: str | None = None,
           region: Region | None = None, provider: Provider | None = None) -> Table:
    """Per region (or provider) and setting: applications waiting and offered, how long the waiting ones
    have waited (average and longest, in days, today), and the applicants admitted in the period with
    their average wait from receipt to admission."""
    period = period or ReportPeriod.default(today)
    g = _Groups(group or group_for(actor))
    table = Table("queues", _("Queue lengths and waiting times"),
                  _("Applications waiting in each queue and how long they have waited, in days; the table beside "
                    "the chart gives the same figures."),
                  [Column("group", g.label(), numeric=False), Column("setting_label", _("Setting"), numeric=False),
                   Column("waiting", _("Waiting")), Column("offered", _("Offered a place")),
                   Column("avg_wait", _("Average wait so far, days")), Column("max_wait", _("Longest wait so far, days")),
                   Column("admitted", _("Admitted in the period")),
                   Column("avg_wait_admitted", _("Average wait of those admitted, days"))],
                  series=["waiting", "offered"])
    apps = _scoped(actor, QueueApplication.objects.all(), "provider__", region, provider)
    stats: dict[tuple[int, str], dict[str, Any]] = defaultdict(
        lambda: {"waiting": 0, "offered": 0, "waits": [], "admitted_waits": []})
    pending = apps.filter(status__in=[ApplicationStatus.PENDING, ApplicationStatus.OFFERED])
    for pk, setting, status, received in pending.order_by().values_list(g.field, "setting", "status", "received_at"):
        s = stats[(pk, setting)]
        s["offered" if status == ApplicationStatus.OFFERED else "waiting"] += 1
        s["waits"].append((today - received.date()).days)
    admitted = apps.filter(status=ApplicationStatus.ADMITTED, status_on__gte=period.start, status_on__lte=period.end)
    for pk, setting, on, received in admitted.order_by().values_list(g.field, "setting", "status_on", "received_at"):
        stats[(pk, setting)]["admitted_waits"].append((on - received.date()).days)
    g.load(k[0] for k in stats)
    labels = SETTING_LABELS()
    for (pk, setting), s in stats.items():
        waits, done = s["waits"], s["admitted_waits"]
        table.rows.append({"group": g.name(pk), "url": g.url(pk), "setting": setting,
                           "setting_label": labels.get(setting, setting), "waiting": s["waiting"],
                           "offered": s["offered"], "avg_wait": round(sum(waits) / len(waits), 1) if waits else None,
                           "max_wait": max(waits) if waits else None, "admitted": len(done),
                           "avg_wait_admitted": round(sum(done) / len(done), 1) if done else None})
    table.rows = _sorted(table.rows)
    return table


# --- plans -------------------------------------------------------------------------------------------------

OPEN = [PlanStatus.DRAFT.value, PlanStatus.FILLED.value]


def plan_conditions(today: date) -> dict[str, Q]:
    """How each plan is counted: approved on time (developed by ``due_on`` and approved by ``fill_by``),
    approved late, still unapproved past a deadline (late now), still unapproved within its deadlines."""
    approved = Q(approved_on__isnull=False)
    kept = Q(approved_on__lte=F("fill_by")) & (Q(developed_on__isnull=True) | Q(developed_on__lte=F("due_on")))
    unapproved = Q(approved_on__isnull=True) & ~Q(status=PlanStatus.CLOSED.value)
    overdue = Q(fill_by__lt=today) | Q(developed_on__isnull=True, due_on__lt=today)
    return {"on_time": approved & kept, "approved_late": approved & ~kept,
            "late_now": unapproved & overdue, "in_progress": unapproved & ~overdue}


def plans(*, actor: Any, today: date, period: ReportPeriod | None = None, group: str | None = None,
          region: Region | None = None, provider: Provider | None = None) -> Table:
    """Individual work plans opened in the period (by the arrival or expiry date they start from):
    approved on time, approved late, late now, in progress within their deadlines."""
    period = period or ReportPeriod.default(today)
    g = _Groups(group or group_for(actor))
    table = Table("plans", _("Individual work plans on time and late"),
                  _("Plans opened in the period by whether their deadlines were kept; the table beside the chart "
                    "gives the same figures."),
                  [Column("group", g.label(), numeric=False), Column("on_time", _("Approved on time")),
                   Column("approved_late", _("Approved late")), Column("late_now", _("Late, not yet approved")),
                   Column("in_progress", _("Within the deadlines")), Column("total", _("Total")),
                   Column("on_time_rate", _("On time, %"))],
                  series=["on_time", "approved_late", "late_now", "in_progress"])
    if not (has_perm(actor, P.REPORT_VIEW) or has_perm(actor, P.PLAN_VIEW)):
        return table
    qs = _filtered(scope(actor, IndividualWorkPlan.objects.filter(
        basis_date__gte=period.start, basis_date__lte=period.end)), "provider__", region, provider)
    conditions = plan_conditions(today)
    aggregates = {name: Count("pk", filter=q) for name, q in conditions.items()}
    rows = list(qs.order_by().values(g.field).annotate(total=Count("pk"), **aggregates))
    g.load(r[g.field] for r in rows)
    for r in rows:
        decided = r["on_time"] + r["approved_late"] + r["late_now"]
        table.rows.append({"group": g.name(r[g.field]), "url": g.url(r[g.field]),
                           **{k: r[k] for k in conditions}, "total": r["total"],
                           "on_time_rate": round(100 * r["on_time"] / decided, 1) if decided else None})
    table.rows = _sorted(table.rows)
    return table


# --- services ----------------------------------------------------------------------------------------------

def _overlap_share(start: date | None, end: date | None, period: ReportPeriod) -> float:
    if start is None or end is None or end < start:
        return 0.0
    first, last = max(start, period.start), min(end, period.end)
    if last < first:
        return 0.0
    return ((last - first).days + 1) / ((end - start).days + 1)


def services(*, actor: Any, today: date, period: ReportPeriod | None = None, group: str | None = None,
             region: Region | None = None, provider: Provider | None = None) -> Table:
    """Services delivered against the plans: the sessions planned (items' planned numbers of approved
    plans, in proportion to the part of each plan's year inside the period) and the services recorded
    against a plan in the period; services recorded without a plan are counted apart."""
    period = period or ReportPeriod.default(today)
    g = _Groups(group or group_for(actor))
    table = Table("services", _("Services delivered against planned"),
                  _("Sessions planned in the individual work plans for the period and services delivered; the "
                    "table beside the chart gives the same figures."),
                  [Column("group", g.label(), numeric=False), Column("planned", _("Planned")),
                   Column("delivered", _("Delivered against a plan")), Column("unplanned", _("Delivered without a plan")),
                   Column("rate", _("Delivered of planned, %"))],
                  series=["planned", "delivered"], stacked=False)
    if not (has_perm(actor, P.REPORT_VIEW) or has_perm(actor, P.SERVICE_VIEW)):
        return table
    planned: dict[int, float] = defaultdict(float)
    items = _filtered(scope(actor, PlanItem.objects.filter(
        plan__status__in=[PlanStatus.APPROVED.value, PlanStatus.CORRECTING.value, PlanStatus.CLOSED.value],
        planned_count__isnull=False, plan__period_start__lte=period.end, plan__period_end__gte=period.start)),
        "plan__provider__", region, provider)
    field = "plan__provider__region_id" if g.group == REGION else "plan__provider_id"
    for pk, count, start, end in items.order_by().values_list(field, "planned_count", "plan__period_start",
                                                              "plan__period_end"):
        planned[pk] += count * _overlap_share(start, end, period)
    deliveries = _filtered(scope(actor, ServiceDelivery.objects.filter(
        delivered_on__gte=period.start, delivered_on__lte=period.end)), "provider__", region, provider)
    delivered: dict[int, int] = defaultdict(int)
    unplanned: dict[int, int] = defaultdict(int)
    for row in deliveries.order_by().values(g.field).annotate(
            with_plan=Sum("quantity", filter=Q(plan__isnull=False)), without=Sum("quantity", filter=Q(plan__isnull=True))):
        delivered[row[g.field]] += row["with_plan"] or 0
        unplanned[row[g.field]] += row["without"] or 0
    keys = set(planned) | set(delivered) | set(unplanned)
    g.load(keys)
    for pk in keys:
        plan_n = round(planned.get(pk, 0.0))
        table.rows.append({"group": g.name(pk), "url": g.url(pk), "planned": plan_n, "delivered": delivered.get(pk, 0),
                           "unplanned": unplanned.get(pk, 0),
                           "rate": round(100 * delivered.get(pk, 0) / plan_n, 1) if plan_n else None})
    table.rows = _sorted(table.rows)
    return table


# --- risk degrees (HOOK: the control app) ---------------------------------------------------------------------

def risks_available(actor: Any) -> bool:
    """Whether the control app is installed and the actor may read its subjects."""
    from qamqor.web.selectors import _control

    module = _control()
    perm = getattr(P, "CONTROL_VIEW", None)
    return module is not None and perm is not None and hasattr(module, "subject_list") and has_perm(actor, perm)


def risks(*, actor: Any, today: date, period: ReportPeriod | None = None, **kwargs: Any) -> Table:
    """Subjects of control by region and their latest risk degree (high, medium, low, not yet assessed),
    read through the control app's ``subject_list`` (scoped to the actor)."""
    table = Table("risks", _("Risk degrees by region"),
                  _("Subjects of control by their latest risk degree; the table beside the chart gives the same "
                    "figures."),
                  [Column("group", _("Region"), numeric=False), Column("high", _("High")),
                   Column("medium", _("Medium")), Column("low", _("Low")), Column("none", _("Not yet assessed")),
                   Column("total", _("Total"))],
                  series=["high", "medium", "low", "none"])
    if not risks_available(actor):
        return table
    from qamqor.web.selectors import _control

    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"high": 0, "medium": 0, "low": 0, "none": 0})
    for region_id, degree in _control().subject_list(actor).values_list("region_id", "latest_degree"):
        counts[region_id][degree if degree in ("high", "medium", "low") else "none"] += 1
    regions = {r.pk: r for r in Region.objects.filter(pk__in=list(counts))}
    for pk, row in counts.items():
        region = regions[pk]
        table.rows.append({"group": str(region), "url": reverse("web:region_detail", kwargs={"code": region.code}),
                           **row, "total": sum(row.values())})
    table.rows = _sorted(table.rows)
    return table


def risk_criteria(*, actor: Any, today: date, period: ReportPeriod | None = None, **kwargs: Any) -> Table:
    """Active risk findings by criterion of seed 004 Appendix 1 (its degree of violation and information
    source): how many findings and how many subjects, read through the control app's
    ``findings_by_criterion`` (scoped to the actor), the most widespread criterion first."""
    from qamqor.rules.choices import Severity

    table = Table("risk_criteria", _("Risk findings by criterion"),
                  _("Active risk findings by criterion of Appendix 1 of the risk criteria, with the number of "
                    "subjects concerned; the table beside the chart gives the same figures."),
                  [Column("criterion", _("Criterion"), numeric=False), Column("severity", _("Degree of violation"),
                                                                               numeric=False),
                   Column("source_group", _("Information source")), Column("findings", _("Findings")),
                   Column("subjects", _("Subjects"))],
                  series=["findings", "subjects"], stacked=False)
    if not risks_available(actor):
        return table
    from qamqor.web.selectors import _control

    module = _control()
    if not hasattr(module, "findings_by_criterion"):
        return table
    severities = dict(Severity.choices)
    for row in module.findings_by_criterion(actor):
        criterion = row["criterion"]
        table.rows.append({"criterion": f"{row['number']}. {criterion.text}",
                           "severity": str(severities.get(row["severity"], row["severity"])),
                           "source_group": row["source_group"], "findings": row["findings"],
                           "subjects": row["subjects"]})
    return table


BUILDERS: dict[str, Callable[..., Table]] = {"occupancy": occupancy, "queues": queues, "plans": plans,
                                             "services": services, "risks": risks, "risk_criteria": risk_criteria}


def keys_for(actor: Any) -> tuple[str, ...]:
    """The dashboards the actor sees: the four of the journal and care, and risk degrees by region and
    risk findings by criterion when the control app is there for them."""
    return KEYS + ("risks", "risk_criteria") if risks_available(actor) else KEYS


def build(key: str, *, actor: Any, today: date, period: ReportPeriod | None = None, **kwargs: Any) -> Table:
    if key == "occupancy":
        return occupancy(actor=actor, today=today, **kwargs)
    return BUILDERS[key](actor=actor, today=today, period=period, **kwargs)


# --- exports -----------------------------------------------------------------------------------------------

def _cell(value: Any) -> Any:
    return "" if value is None else value


def table_csv(table: Table, period: ReportPeriod | None = None) -> bytes:
    """The table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Kazakh letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.header())
    for row in table.values():
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(table: Table, period: ReportPeriod | None = None) -> bytes:
    """The table as a one-sheet workbook: title and period, then the header and the rows."""
    preface: list[list[Any]] = [[table.title]]
    if period is not None:
        preface.append([_("Period"), period.start.isoformat(), period.end.isoformat()])
    return xlsx_bytes(table.title, table.header(), table.values(), preface=preface)
