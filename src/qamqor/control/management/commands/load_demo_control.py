"""``manage.py load_demo_control``: the demo of state control, after ``load_demo`` and
``load_demo_journal``.

It writes through the control services, as the demo inspectors, what an inspector would find on a
working system: the controlled subjects synchronised with the registry (one per provider and setting)
and one local executive body per region; a register of complaints in which two confirmed complaints on
one topic about the Almaty day-care centre produce the complaint finding (criterion 85); two findings
recorded by hand with their evidence (a publication, source group 2; an E-sobes data extract, source
group 3); one completed inspection of the Karaganda home for the elderly with two non-compliances; the
risk scores of every subject; and the list of preventive control for the coming half-year.

Idempotent: complaints (by number), findings (by subject, criterion and evidence), the inspection (by
subject and act number) and the list (by half-year) that exist are left as they are, and a risk score
is only added when its breakdown changes, so a second run on the same day writes nothing. Refuses to
run in production."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qamqor.accounts.models import User
from qamqor.control.domain.choices import ComplaintDecision, FindingOrigin, SourceGroup, SubjectKind
from qamqor.control.models import Complaint, Finding, Inspection, PreventiveControlList, Subject
from qamqor.control.services.complaints import complaint_decide, complaint_register
from qamqor.control.services.findings import finding_record
from qamqor.control.services.inspections import (
    ItemInput,
    inspection_appoint,
    inspection_complete,
    inspection_fill,
)
from qamqor.control.services.lists import preventive_list_form
from qamqor.control.services.risk import risk_recompute_all
from qamqor.control.services.subjects import leb_subjects_ensure, subjects_sync_from_registry
from qamqor.registry import demo
from qamqor.registry.models import Provider
from qamqor.rules.models import RiskCriterion

NATIONAL_INSPECTOR = "inspector.kz"
REGIONAL_INSPECTOR = "inspector.karaganda"

# Complaints (number, days ago received, days ago decided, confirmed?, summary); the first two are
# confirmed on the same topic and so reach the threshold of criterion 85.
COMPLAINT_TOPIC = 85
COMPLAINTS = [
    ("ДЕМО-Ш-0001", 150, 130, True, "Түскі ас берілмеген; медбике қабылдауы өткізілмеген."),
    ("ДЕМО-Ш-0002", 90, 70, True, "Тамақтану кестесі сақталмайды, дәрі-дәрмек уақтылы берілмейді."),
    ("ДЕМО-Ш-0003", 40, 25, False, "Қызмет көрсету сапасына наразылық (расталмады)."),
]
COMPLAINT_APPLICANTS = ["Ахметова Гүлнар Серікқызы", "Петрова Ольга Ивановна", "Омаров Ержан Нұрланұлы"]

# The Karaganda home for the elderly: a publication and an E-sobes extract found before the visit.
MANUAL_FINDINGS = [
    {"criterion": 73, "source_group": SourceGroup.PUBLICATIONS, "days_ago": 80,
     "publication_url": "https://www.gov.kz/memleket/entities/karaganda-zhumys/press/news/details/demo-2026",
     "description": "Облыстық басылымда: тұрғындарға әлеуметтік-еңбек қызметтері көрсетілмейді."},
    {"criterion": 80, "source_group": SourceGroup.MONITORING, "days_ago": 60,
     "data_extract": "E-sobes: 2026 ж. 3-тоқсанда 14 алушының 6-на әлеуметтік-психологиялық қызмет тіркелмеген.",
     "description": "E-sobes деректері бойынша кепілдік берілген көлем орындалмаған."},
]

# The inspection: its act and the two non-compliant items (checklist of Appendix 3, item numbers).
INSPECTION_ACT = "ДЕМО-А-17"
NON_COMPLIANT = {
    9: "Арнайы бөлмелердің (емдеу-сауықтыру, еңбек терапиясы) паспорттары жоқ.",
    16: "Еңбек терапиясы шеберханасы жұмыс істемейді; кәсіптік бағдар беру жоспары жоқ.",
}


def _provider(key: str) -> Provider:
    spec = next(s for s in demo.PROVIDERS if s.key == key)
    provider = Provider.objects.filter(bin=demo.provider_bin(spec)).first()
    if provider is None:
        raise CommandError(_("Run “manage.py load_demo” first."))
    return provider


def coming_half_year(today: date) -> tuple[int, int]:
    """The half-year after the current one: (year, 1 or 2)."""
    return (today.year, 2) if today.month <= 6 else (today.year + 1, 1)


class Loader:
    def __init__(self, today: date) -> None:
        self.today = today
        self.counts: Counter[str] = Counter()
        self.national = self._user(NATIONAL_INSPECTOR)
        self.regional = self._user(REGIONAL_INSPECTOR)

    @staticmethod
    def _user(username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Run “manage.py load_demo” first."))
        return user

    def _day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def run(self) -> None:
        sync = subjects_sync_from_registry()
        self.counts["subjects"] += sync.created
        self.counts["local executive bodies"] += leb_subjects_ensure()
        self.complaints(Subject.objects.get(kind=SubjectKind.PROVIDER, provider=_provider("almaty_day_care"),
                                            setting="semi_stationary"))
        home = Subject.objects.get(kind=SubjectKind.PROVIDER, provider=_provider("karaganda_elderly"),
                                   setting="stationary")
        self.findings(home)
        self.inspection(home)
        report = risk_recompute_all(trigger="manual")
        self.counts["risk scores"] += report.scores_added
        self.counts["computed findings"] += report.findings_created
        self.preventive_list()

    def complaints(self, subject: Subject) -> None:
        topic = RiskCriterion.objects.get(number=COMPLAINT_TOPIC)
        for (number, received, decided, confirmed, summary), applicant in zip(COMPLAINTS, COMPLAINT_APPLICANTS,
                                                                               strict=True):
            complaint = Complaint.objects.filter(number=number).first()
            if complaint is None:
                complaint = complaint_register(self.national, subject=subject, topic=topic, number=number,
                                               received_on=self._day(received), applicant=applicant, summary=summary)
                self.counts["complaints"] += 1
            if complaint.decision == ComplaintDecision.PENDING:
                complaint_decide(self.national, complaint, confirmed=confirmed, decided_on=self._day(decided),
                                 note=_("Demo: checked on a visit.") if confirmed else _("Demo: not confirmed."))

    def findings(self, subject: Subject) -> None:
        for row in MANUAL_FINDINGS:
            evidence = {k: row[k] for k in ("publication_url", "data_extract") if k in row}
            if Finding.objects.filter(subject=subject, criterion__number=row["criterion"],
                                      origin=FindingOrigin.MANUAL, **evidence).exists():
                continue
            finding_record(self.national, subject, criterion=row["criterion"], source_group=row["source_group"],
                           found_on=self._day(row["days_ago"]), description=row["description"], **evidence)
            self.counts["findings"] += 1

    def inspection(self, subject: Subject) -> None:
        if Inspection.objects.filter(subject=subject, act_number=INSPECTION_ACT).exists():
            return
        inspection = inspection_appoint(
            actor=self.regional, subject=subject, act_number=INSPECTION_ACT, act_date=self._day(35),
            appointing_body="Қарағанды облысы бойынша Еңбек инспекциясы жөніндегі департамент",
            officials="Ермеков Марат, мемлекеттік инспектор", started_on=self._day(30), today=self.today)
        items = {item.requirement.number: ItemInput(True, item.requirement.number not in NON_COMPLIANT,
                                                   NON_COMPLIANT.get(item.requirement.number, ""))
                 for item in inspection.items.select_related("requirement")}
        inspection_fill(actor=self.regional, inspection=inspection, items=items)
        inspection_complete(actor=self.regional, inspection=inspection, finished_on=self._day(28),
                            today=self.today)
        self.counts["inspections"] += 1

    def preventive_list(self) -> None:
        year, half = coming_half_year(self.today)
        if PreventiveControlList.objects.filter(year=year, half=half, region=None).exists():
            return
        preventive_list_form(self.national, year=year, half=half, region=None, formed_on=self.today)
        self.counts["preventive-control lists"] += 1


class Command(BaseCommand):
    help = _("Load the demo of state control (subjects, complaints, findings, an inspection, risk scores, "
             "the preventive-control list); idempotent.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(_("The demo data set has known passwords and is never loaded in production."))
        if not RiskCriterion.objects.exists():
            raise CommandError(_("The catalogs are empty: run “manage.py load_rules” first."))
        loader = Loader(timezone.localdate())
        with transaction.atomic():
            loader.run()
        created = ", ".join(f"{kind} {n}" for kind, n in sorted(loader.counts.items()) if n) or _("nothing")
        self.stdout.write(_("Demo control: created %(created)s.") % {"created": created})
