"""Pages of the exchange context: E-sobes roster imports (upload, list, rejected rows), the
reconciliation of a provider's roster, exports for E-sobes, and the signed documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.access.views import require
from qamqor.core.errors import DomainError, PermissionRefused
from qamqor.exchange import selectors, services
from qamqor.exchange.forms import ExportForm, ReconcileForm, RosterUploadForm
from qamqor.exchange.messages import row_error_text
from qamqor.exchange.models import SignedDocument
from qamqor.exchange.selectors.export import (
    DIFFERENCE_COLUMNS,
    JOURNAL_COLUMNS,
    ROSTER_COLUMNS,
    difference_rows,
    journal_rows,
    roster_rows,
)
from qamqor.exchange.signatures import Check, CheckCode
from qamqor.exchange.signatures.messages import check_message
from qamqor.exchange.writers import CONTENT_TYPES, chunks
from qamqor.web.forms import show_domain_error


def _file(fmt: str, columns: tuple[str, ...], rows: object, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks(fmt, columns, rows, title=name), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require({"GET": P.ESOBES_VIEW, "HEAD": P.ESOBES_VIEW, "POST": P.ESOBES_IMPORT})
def roster_imports(request: HttpRequest) -> HttpResponse:
    """The imports the user may see and, for the importing role, the upload form."""
    can_import = has_perm(request.user, P.ESOBES_IMPORT)
    form = RosterUploadForm() if can_import else None
    status = 200
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                outcome = services.roster_import(actor=request.user, stream=upload.file, file_name=upload.name,
                                                 as_of=form.cleaned_data["as_of"],
                                                 file_format=form.cleaned_data["file_format"] or None)
            except PermissionRefused as error:
                raise PermissionDenied from error
            except DomainError as error:
                show_domain_error(form, error)
            else:
                imp = outcome.roster_import
                if outcome.duplicate:
                    messages.info(request, _("This file (or the same rows) was imported before: nothing changed."))
                else:
                    messages.success(request, _("Imported: %(accepted)s rows accepted, %(rejected)s rejected.") % {
                        "accepted": imp.rows_accepted, "rejected": imp.rows_rejected})
                return redirect("exchange:import_detail", uid=imp.uid)
        status = 400
    imports = selectors.import_list(actor=request.user)[:200]
    return render(request, "exchange/imports.html", {"form": form, "imports": imports}, status=status)


@require(P.ESOBES_VIEW)
def import_detail(request: HttpRequest, uid: str) -> HttpResponse:
    imp = selectors.import_get(actor=request.user, uid=uid)
    rejected = [{"row": r, "reasons": [row_error_text(p) for p in r.errors]}
                for r in selectors.rejected_rows(actor=request.user, roster_import=imp)[:1000]]
    coverage = scope(request.user, imp.coverage.select_related("provider")).order_by("provider__name_kk")
    return render(request, "exchange/import_detail.html", {"imp": imp, "rejected": rejected, "coverage": coverage})


@require(P.ESOBES_VIEW)
def reconciliation(request: HttpRequest) -> HttpResponse:
    """A provider's E-sobes roster against its placements on a date; differences as a table or a file."""
    providers = selectors.providers_for_reconciliation(actor=request.user)
    form = ReconcileForm(request.GET or None, providers=providers)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        provider = form.cleaned_data["provider"]
        on = form.cleaned_data["date"] or timezone.localdate()
        diffs = selectors.differences_for_actor(actor=request.user, provider=provider, on=on)
        fmt = request.GET.get("file_format", "")
        if fmt in ("csv", "xlsx", "json"):
            return _file(fmt, DIFFERENCE_COLUMNS, difference_rows(diffs, {provider.pk: provider.bin}),
                         f"reconciliation-{provider.bin}-{on.isoformat()}")
        context.update(provider=provider, on=on, differences=diffs,
                       roster_import=selectors.roster_import_for(provider, on), query=request.GET.urlencode())
    return render(request, "exchange/reconciliation.html", context)


@require(P.ESOBES_VIEW)
def export(request: HttpRequest) -> HttpResponse:
    """Download what E-sobes expects back: the journal events of a period, or the roster on a date."""
    form = ExportForm(request.GET or None, actor=request.user)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        provider, fmt = d["provider"], d["file_format"]
        if d["what"] == "journal":
            rows = journal_rows(actor=request.user, provider=provider, start=d["start"], end=d["end"],
                                setting=d["setting"])
            return _file(fmt, JOURNAL_COLUMNS, rows,
                         f"journal-{provider.bin}-{d['start'].isoformat()}-{d['end'].isoformat()}")
        on = d["date"] or timezone.localdate()
        return _file(fmt, ROSTER_COLUMNS, roster_rows(actor=request.user, provider=provider, on=on),
                     f"roster-{provider.bin}-{on.isoformat()}")
    return render(request, "exchange/export.html", {"form": form}, status=400 if form.is_bound else 200)


def _signed_qs(request: HttpRequest):  # noqa: ANN202
    return scope(request.user, SignedDocument.objects.select_related("provider", "person", "application", "event"))


@require(P.SIGNED_DOCUMENT_VIEW)
def signed_list(request: HttpRequest) -> HttpResponse:
    docs = _signed_qs(request).order_by("-verified_at", "-id")[:200]
    return render(request, "exchange/signed_list.html", {"docs": docs})


@require(P.SIGNED_DOCUMENT_VIEW)
def signed_detail(request: HttpRequest, uid: str) -> HttpResponse:
    doc = _signed_qs(request).filter(uid=uid).first()
    if doc is None:
        raise Http404
    checks = []
    for c in doc.result.get("checks", []):
        check = Check(CheckCode(c["code"]), c["passed"], c.get("reason", ""), c.get("params", {}))
        checks.append({"code": c["code"], "passed": c["passed"], "message": check_message(check)})
    return render(request, "exchange/signed_detail.html", {"doc": doc, "checks": checks})


@require(P.SIGNED_DOCUMENT_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "exchange/index.html", {
        "can_esobes": has_perm(request.user, P.ESOBES_VIEW), "can_import": has_perm(request.user, P.ESOBES_IMPORT)})
