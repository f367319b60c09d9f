"""Home care for children (seed 002, Appendix 2): the contract, the caseload, the visit frequency.

- The relationship with the family is a contract on home special social services, whatever the
  provider's ownership (п. 9); it names the periodicity and types of services, the social worker
  assigned to the family, the termination cases, the parties' responsibilities and its term; a paid
  contract adds the payment terms and extension by agreement of the parties. It is made in two
  copies, one kept by the provider and one given to the parent (model contract, section 4).
- One care social worker serves 4 to 6 children (п. 22).
- The visit schedule has at least two visits a week (п. 29, 3)).
- Services are suspended while the child is in stationary or semi-stationary care (п. 15)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from qamqor.core.domain import Source

CONTRACT_CONTENT = Source("002", "Appendix 2, п. 9")
CONTRACT_COPIES = Source("002", "Appendix 1 to Appendix 2 (model contract), section 4")
SEMI_STATIONARY_CONTRACT = Source("002", "Appendix 3, п. 41")
LIVING_CONDITIONS_ACT = Source("002", "Appendix 2, п. 12, 5); Appendix 3 to Appendix 2")
CASELOAD = Source("002", "Appendix 2, п. 22")
VISITS = Source("002", "Appendix 2, п. 29, 3)")

CONTRACT_COPIES_REQUIRED = 2
CASELOAD_MIN = 4
CASELOAD_MAX = 6
VISITS_PER_WEEK_MIN = 2


class ContractTerm(StrEnum):
    """The mandatory content of the contract (п. 9), as checkboxes the system asks for."""

    SERVICES = "services"            # periodicity and types of services
    ASSIGNED_WORKER = "assigned_worker"
    TERMINATION = "termination"
    RESPONSIBILITIES = "responsibilities"
    TERM = "term"
    PAYMENT = "payment"              # paid contracts only
    EXTENSION = "extension"          # paid contracts only
    DAY_STAY_REGIME = "day_stay_regime"  # semi-stationary contracts only (Appendix 3 п. 41)


def required_terms(*, paid: bool, semi_stationary: bool = False) -> frozenset[ContractTerm]:
    """The content a contract must have: five items always, payment and extension if paid, the day-stay
    regime for a semi-stationary contract."""
    terms = {ContractTerm.SERVICES, ContractTerm.TERMINATION, ContractTerm.RESPONSIBILITIES, ContractTerm.TERM}
    if semi_stationary:
        terms.add(ContractTerm.DAY_STAY_REGIME)
    else:
        terms.add(ContractTerm.ASSIGNED_WORKER)
    if paid:
        terms |= {ContractTerm.PAYMENT, ContractTerm.EXTENSION}
    return frozenset(terms)


def missing_terms(present: Iterable[str], *, paid: bool, semi_stationary: bool = False) -> list[ContractTerm]:
    """The mandatory content a contract lacks, in the order of the rule."""
    have = set(present)
    return [t for t in ContractTerm if t in required_terms(paid=paid, semi_stationary=semi_stationary)
            and t not in have]


class LoadFlag(StrEnum):
    OK = "ok"
    UNDER = "under"
    OVER = "over"


def caseload_flag(children: int, *, minimum: int = CASELOAD_MIN, maximum: int = CASELOAD_MAX) -> LoadFlag:
    """A care social worker with fewer than 4 or more than 6 children is flagged (002 App. 2 п. 22)."""
    if children < minimum:
        return LoadFlag.UNDER
    if children > maximum:
        return LoadFlag.OVER
    return LoadFlag.OK


def week_start(day: date) -> date:
    """The Monday of the week containing ``day``."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekVisits:
    week: date
    visits: int
    enough: bool


def visits_by_week(visit_dates: Iterable[date], first: date, last: date, *,
                   minimum: int = VISITS_PER_WEEK_MIN) -> list[WeekVisits]:
    """Visits per week (Monday–Sunday) from ``first``'s week to ``last``'s week; a visit is a day on
    which the child was served at home, so two services on one day are one visit. Weeks with fewer
    than two visits are flagged (002 App. 2 п. 29, 3)). A week only partly inside the period is
    judged all the same: the caller passes whole weeks of service."""
    counts: dict[date, set[date]] = defaultdict(set)
    for day in visit_dates:
        counts[week_start(day)].add(day)
    weeks = []
    monday = week_start(first)
    while monday <= last:
        n = len(counts.get(monday, ()))
        weeks.append(WeekVisits(monday, n, n >= minimum))
        monday += timedelta(days=7)
    return weeks
