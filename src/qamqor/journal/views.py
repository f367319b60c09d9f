"""Pages of the electronic journal for provider staff: the journal form (App. 2) with its XLSX and PDF,
the queue, an application, a person's journal history, a case with the actions the rules allow now,
and one form per action.

Each view names its permission with ``@require``, reads through the journal selectors (a provider,
person or event outside the actor's scope is a 404) and writes through one journal service; a
refusal is shown beside its field with the rule's source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qamqor.access.core import has_perm
from qamqor.access.permissions import P
from qamqor.access.views import require
from qamqor.core.documents import pdf_response, xlsx_bytes, xlsx_response
from qamqor.core.errors import DomainError
from qamqor.journal import forms as F
from qamqor.journal import selectors as sel
from qamqor.journal import services as J
from qamqor.journal.domain.lifecycle import EventKind as K
from qamqor.journal.models import CaseStatus, JournalSetting, QueueApplication
from qamqor.journal.selectors._common import require_provider
from qamqor.registry import selectors as registry
from qamqor.registry.models import Person, Provider
from qamqor.rules.selectors import journal_columns
from qamqor.web.forms import show_domain_error


def setting_or_404(setting: str) -> str:
    if setting not in JournalSetting.values:
        raise Http404
    return setting


def provider_or_404(actor: Any, uid: Any) -> Provider:
    provider = registry.provider_get(actor=actor, uid=uid)
    require_provider(actor, provider)
    return provider


def _today() -> Any:
    return timezone.localdate()


# --- The journal form -----------------------------------------------------------------------------------

def _journal_context(request: HttpRequest, provider_uid: Any, setting: str) -> dict[str, Any]:
    actor = request.user
    provider = provider_or_404(actor, provider_uid)
    setting = setting_or_404(setting)
    journals = list(sel.journal_list(actor=actor, provider=provider, setting=setting).order_by("started_on"))
    period_form = F.PeriodForm(request.GET or None)
    period = period_form.period(journals[0].started_on if journals else None)
    header, rows = sel.journal_form(actor=actor, provider=provider, setting=setting, period=period)
    return {"provider": provider, "setting": setting, "setting_label": JournalSetting(setting).label,
            "header": header, "rows": rows, "columns": journal_columns(), "period_form": period_form, "period": period,
            "query": request.GET.urlencode()}


@require(P.JOURNAL_VIEW)
def journal_index(request: HttpRequest, provider_uid: Any) -> HttpResponse:
    """The provider's journals by setting, incoming transfers and children due for an adult institution."""
    actor = request.user
    provider = provider_or_404(actor, provider_uid)
    settings = [(row.setting, JournalSetting(row.setting).label, row.capacity,
                 sel.free_places(actor=actor, provider=provider, setting=row.setting))
                for row in provider.settings.all() if row.setting in JournalSetting.values]
    can_record = has_perm(actor, P.JOURNAL_RECORD)
    return render(request, "journal/index.html", {
        "provider": provider, "settings": settings, "can_record": can_record,
        "incoming": sel.transfers_incoming(actor=actor, provider=provider),
        "adults_due": sel.adult_transfer_due(actor=actor, provider=provider),
        "open_form": F.CaseOpenForm(), "can_apply": has_perm(actor, P.QUEUE_APPLY),
    })


@require(P.JOURNAL_VIEW)
def journal_page(request: HttpRequest, provider_uid: Any, setting: str) -> HttpResponse:
    return render(request, "journal/journal.html", _journal_context(request, provider_uid, setting))


@require(P.JOURNAL_VIEW)
def journal_xlsx(request: HttpRequest, provider_uid: Any, setting: str) -> HttpResponse:
    context = _journal_context(request, provider_uid, setting)
    return xlsx_response(journal_xlsx_bytes(context["header"], context["rows"]),
                         f"journal-{context['provider'].bin}-{setting}.xlsx")


def journal_xlsx_bytes(header: sel.JournalHeader, rows: list[sel.JournalRow]) -> bytes:
    """The journal form as a workbook: the header lines, the 14 column titles and one line per row."""
    def on(d: Any) -> str:
        return f"{d:%d.%m.%Y}" if d else ""

    preface = [[header.name_kk], [header.name_ru], [str(JournalSetting(header.setting).label)],
               [_("Journal started"), on(header.started_on), _("finished"), on(header.finished_on)],
               [_("Period"), on(header.period.start), on(header.period.end)]]
    return xlsx_bytes(_("Journal"), journal_columns(), [r.cells() for r in rows], preface=preface)


@require(P.JOURNAL_VIEW)
def journal_pdf(request: HttpRequest, provider_uid: Any, setting: str) -> HttpResponse:
    context = _journal_context(request, provider_uid, setting)
    return pdf_response("journal/journal_print.html", context, f"journal-{context['provider'].bin}-{setting}.pdf")


# --- The queue and applications -------------------------------------------------------------------------

@require({"GET": P.JOURNAL_VIEW, "HEAD": P.JOURNAL_VIEW, "POST": P.JOURNAL_RECORD})
@require_http_methods(["GET", "HEAD", "POST"])
def queue_page(request: HttpRequest, provider_uid: Any, setting: str) -> HttpResponse:
    """The queue in order; staff who record may offer a free place to the first in it."""
    actor = request.user
    provider = provider_or_404(actor, provider_uid)
    setting = setting_or_404(setting)
    form = F.OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = J.place_offer(actor=actor, provider=provider, setting=setting,
                                arrival_by=form.cleaned_data.get("arrival_by"), today=_today())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("A place is offered to %(name)s.") % {"name": app.person.full_name})
            return redirect("journal:queue", provider_uid=provider.uid, setting=setting)
    return render(request, "journal/queue.html", {
        "provider": provider, "setting": setting, "setting_label": JournalSetting(setting).label,
        "items": sel.queue_list(actor=actor, provider=provider, setting=setting),
        "free": sel.free_places(actor=actor, provider=provider, setting=setting),
        "can_record": has_perm(actor, P.JOURNAL_RECORD), "form": form,
    })


@require(P.QUEUE_APPLY)
@require_http_methods(["GET", "HEAD", "POST"])
def application_file(request: HttpRequest, provider_uid: Any) -> HttpResponse:
    """Register an application received on paper."""
    actor = request.user
    provider = provider_or_404(actor, provider_uid)
    form = F.ApplicationFileForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            app = J.application_file(actor=actor, provider=provider, today=_today(), **form.service_kwargs())
        except DomainError as error:
            show_domain_error(form, error, aliases=F.ApplicationFileForm.ALIASES)
        else:
            messages.success(request, _("The application is registered."))
            return redirect("journal:application", uid=app.uid)
    return render(request, "journal/action_form.html", {
        "form": form, "provider": provider, "title": _("Register an application received on paper"),
        "submit": _("Register the application"), "cancel": reverse("journal:index", args=[provider.uid])})


@require(P.JOURNAL_VIEW)
def application_page(request: HttpRequest, uid: Any) -> HttpResponse:
    """An application: its place in the queue, how many are ahead and the estimate of the wait."""
    actor = request.user
    app = sel.application_get(actor=actor, uid=uid)
    return render(request, "journal/application.html", {
        "app": app, "position": sel.application_position(actor=actor, application=app),
        "estimate": sel.wait_estimate(actor=actor, application=app),
    })


# --- A person's history and case ------------------------------------------------------------------------

@require(P.JOURNAL_VIEW)
def person_history(request: HttpRequest, uid: Any) -> HttpResponse:
    """Every journal event about the person the actor may see, as a timeline."""
    actor = request.user
    person = registry.person_get(actor=actor, uid=uid)
    return render(request, "journal/history.html", {
        "person": person, "entries": sel.person_history(actor=actor, person=person),
        "applications": sel.application_list(actor=actor, person=person),
        "can_correct": has_perm(actor, P.JOURNAL_CORRECT),
    })


@require(P.JOURNAL_VIEW)
def case_open(request: HttpRequest, provider_uid: Any, setting: str) -> HttpResponse:
    """Find a person by IIN and go to their case in this journal."""
    actor = request.user
    provider = provider_or_404(actor, provider_uid)
    setting = setting_or_404(setting)
    form = F.CaseOpenForm(request.GET or None)
    if form.is_valid():
        person = registry.person_by_iin(actor=actor, iin=form.cleaned_data["iin"].strip())
        if person is not None:
            return redirect("journal:case", provider_uid=provider.uid, setting=setting, person_uid=person.uid)
        form.add_error("iin", _("No person with this IIN is on record among those you may see."))
    return render(request, "journal/action_form.html", {
        "form": form, "provider": provider, "title": _("Open a person's case"), "method": "get",
        "submit": _("Open"), "cancel": reverse("journal:index", args=[provider.uid])})


def _case(actor: Any, provider_uid: Any, setting: str, person_uid: Any) -> tuple[Provider, str, Person]:
    provider = provider_or_404(actor, provider_uid)
    setting = setting_or_404(setting)
    person = registry.person_get(actor=actor, uid=person_uid)
    return provider, setting, person


# The case actions: the URL name, the event kind the rules must allow, the form and the service call.
def _app_of(actor: Any, provider: Provider, setting: str, person: Person) -> QueueApplication:
    app = sel.application_list(actor=actor, provider=provider, setting=setting, person=person).filter(
        status__in=["pending", "offered"]).first()
    if app is None:
        raise Http404
    return app


def _stay_call(service: Callable[..., Any]) -> Callable[..., Any]:
    def call(*, actor: Any, provider: Provider, setting: str, person: Person, data: dict[str, Any]) -> Any:
        return service(actor=actor, provider=provider, setting=setting, person=person, today=_today(), **data)
    return call


def _app_call(service: Callable[..., Any]) -> Callable[..., Any]:
    def call(*, actor: Any, provider: Provider, setting: str, person: Person, data: dict[str, Any]) -> Any:
        return service(actor=actor, application=_app_of(actor, provider, setting, person), today=_today(), **data)
    return call


ACTIONS: dict[str, tuple[K, type[forms.Form], Callable[..., Any], Any]] = {
    "admit": (K.ADMISSION, F.AdmissionForm, _stay_call(J.admission_record), gettext_lazy("Record the admission")),
    "readmit": (K.READMISSION, F.ReadmissionForm, _stay_call(J.readmission_record),
                gettext_lazy("Record the re-admission («қайта оралды»)")),
    "leave": (K.LEAVE, F.LeaveForm, _stay_call(J.leave_start), gettext_lazy("Record a temporary leave")),
    "return": (K.LEAVE_RETURN, F.LeaveReturnForm, _stay_call(J.leave_return),
               gettext_lazy("Record the return from leave")),
    "transfer": (K.TRANSFER_OUT, F.TransferOutForm, _stay_call(J.transfer_out),
                 gettext_lazy("Record a transfer to another organisation")),
    "discharge": (K.DISCHARGE, F.DischargeForm, _stay_call(J.discharge_record), gettext_lazy("Record the discharge")),
    "suspend": (K.SUSPENSION, F.SuspensionForm, _stay_call(J.services_suspend), gettext_lazy("Suspend the services")),
    "resume": (K.RESUMPTION, F.ResumptionForm, _stay_call(J.services_resume), gettext_lazy("Resume the services")),
    "terminate": (K.TERMINATION, F.TerminationForm, _stay_call(J.services_terminate),
                  gettext_lazy("Terminate the services")),
    "postpone": (K.POSTPONEMENT, F.PostponementForm, _app_call(J.offer_postpone),
                 gettext_lazy("Postpone the arrival (signed notice)")),
    "lapse": (K.LAPSE, F.LapseForm, _app_call(J.offer_lapse), gettext_lazy("Record the no-show (offer lapsed)")),
    "withdraw": (K.WITHDRAWAL, F.WithdrawalForm, _app_call(J.application_withdraw),
                 gettext_lazy("Withdraw the application")),
}
KIND_ACTION = {kind: name for name, (kind, *_rest) in ACTIONS.items()}


def case_links(actor: Any, provider: Provider, setting: str, person: Person) -> list[tuple[str, Any]]:
    """The actions the rules allow now, as (URL, label)."""
    allowed = sel.allowed_actions(actor=actor, person=person, provider=provider, setting=setting)
    return [(reverse("journal:case_action", args=[provider.uid, setting, person.uid, name]), ACTIONS[name][3])
            for name, (kind, *_rest) in ACTIONS.items() if kind in allowed]


@require(P.JOURNAL_VIEW)
def case_page(request: HttpRequest, provider_uid: Any, setting: str, person_uid: Any) -> HttpResponse:
    """A person's case in this journal: the derived status and the actions allowed now."""
    actor = request.user
    provider, setting, person = _case(actor, provider_uid, setting, person_uid)
    state = sel.case_state(actor=actor, person=person, provider=provider, setting=setting)
    return render(request, "journal/case.html", {
        "provider": provider, "setting": setting, "setting_label": JournalSetting(setting).label, "person": person,
        "state": state, "status_label": CaseStatus(state.status.value).label,
        "actions": case_links(actor, provider, setting, person),
        "entries": [e for e in sel.person_history(actor=actor, person=person)
                    if e.event.journal.provider_id == provider.pk and e.event.journal.setting == setting],
    })


@require(P.JOURNAL_RECORD)
@require_http_methods(["GET", "HEAD", "POST"])
def case_action(request: HttpRequest, provider_uid: Any, setting: str, person_uid: Any, action: str) -> HttpResponse:
    """One action's form; an action the rules do not allow now is not offered (404)."""
    actor = request.user
    if action not in ACTIONS:
        raise Http404
    provider, setting, person = _case(actor, provider_uid, setting, person_uid)
    kind, form_class, call, title = ACTIONS[action]
    if kind not in sel.allowed_actions(actor=actor, person=person, provider=provider, setting=setting):
        raise Http404
    form = form_class(request.POST or None, actor=actor, person=person, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            call(actor=actor, provider=provider, setting=setting, person=person, data=form.service_kwargs())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The event is recorded in the journal."))
            return redirect("journal:case", provider_uid=provider.uid, setting=setting, person_uid=person.uid)
    return render(request, "journal/action_form.html", {
        "form": form, "provider": provider, "person": person, "title": title, "submit": _("Record"),
        "cancel": reverse("journal:case", args=[provider.uid, setting, person.uid])})


@require(P.JOURNAL_RECORD)
@require_http_methods(["GET", "HEAD", "POST"])
def transfer_arrive(request: HttpRequest, uid: Any) -> HttpResponse:
    """Record at the destination the arrival of a person transferred to it."""
    actor = request.user
    transfer = sel.event_get(actor=actor, uid=uid)
    form = F.TransferArriveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            J.transfer_arrive(actor=actor, transfer=transfer, today=_today(), **form.service_kwargs())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The arrival is recorded in the journal."))
            return redirect("journal:person_history", uid=transfer.person.uid)
    return render(request, "journal/action_form.html", {
        "form": form, "person": transfer.person, "title": _("Record the arrival by transfer"), "submit": _("Record"),
        "cancel": reverse("journal:person_history", args=[transfer.person.uid])})


@require(P.JOURNAL_CORRECT)
@require_http_methods(["GET", "HEAD", "POST"])
def event_correct(request: HttpRequest, uid: Any) -> HttpResponse:
    """Correct an event by a correcting event (the event itself is never edited)."""
    actor = request.user
    event = sel.event_get(actor=actor, uid=uid)
    form = F.CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            J.event_correct(actor=actor, event=event, today=_today(), **form.service_kwargs())
        except DomainError as error:
            show_domain_error(form, error, aliases=F.CorrectionForm.ALIASES)
        else:
            messages.success(request, _("The correction is recorded in the journal."))
            return redirect("journal:person_history", uid=event.person.uid)
    return render(request, "journal/action_form.html", {
        "form": form, "person": event.person, "event": event,
        "title": _("Correct the event: %(event)s") % {"event": event}, "submit": _("Record the correction"),
        "cancel": reverse("journal:person_history", args=[event.person.uid])})


# --- The public queue position (no log-in) --------------------------------------------------------------

@require_http_methods(["GET", "HEAD"])
def position_public(request: HttpRequest) -> HttpResponse:
    """Anyone may see the queue position of an application by its number (no personal data shown)."""
    form = F.PositionLookupForm(request.GET or None)
    found, not_found = None, False
    if form.is_valid():
        try:
            found = sel.application_public_view(uid=form.cleaned_data["number"])
        except Http404:
            not_found = True
    response = render(request, "journal/position_public.html",
                      {"form": form, "found": found, "not_found": not_found})
    if not_found:
        response.status_code = 404
    return response
