"""Reads of inspections: the list and one inspection in the actor's scope, its checklist items in the
order of the appendix, what is still to be filled in, and the context of the printed checklist."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from qamqor.access.core import get_for_actor, has_perm, scope
from qamqor.access.permissions import P
from qamqor.control.models import Inspection, InspectionItem, Subject
from qamqor.control.selectors.subjects import subject_checklist
from qamqor.rules.models import Checklist

# The seed's checklist form (seed 004, Appendices 2–7): the header fields and the signature lines, in
# Kazakh as printed in the seed and in Russian, whatever the interface language.
FORM_HEADER = {
    "body": ("Тексеруді тағайындаған мемлекеттік орган", "Государственный орган, назначивший проверку"),
    "act": ("Бақылау субъектісіне (объектісіне) бару арқылы тексеру/профилактикалық бақылау тағайындау "
            "туралы акт (№, күні)",
            "Акт о назначении проверки/профилактического контроля с посещением субъекта (объекта) "
            "контроля (№, дата)"),
    "name": ("Бақылау субъектісінің (объектісінің) атауы", "Наименование субъекта (объекта) контроля"),
    "bin_iin": ("Бақылау субъектісінің (объектісінің) жеке сәйкестендіру нөмірі, бизнес сәйкестендіру нөмірі",
                "Индивидуальный идентификационный номер, бизнес-идентификационный номер субъекта "
                "(объекта) контроля"),
    "address": ("Орналасқан мекенжайы", "Адрес места нахождения"),
    "officials": ("Лауазымды адам (дар)", "Должностное (ые) лицо (а)"),
    "head": ("Бақылау субъектісінің басшысы", "Руководитель субъекта контроля"),
    "position_signature": ("(лауазымы) (қолы)", "(должность) (подпись)"),
    "full_name": ("тегі, аты, әкесінің аты (бар болса)", "фамилия, имя, отчество (при его наличии)"),
}
FORM_COLUMNS = (
    ("№", "№"),
    ("Талаптар тізбесі", "Перечень требований"),
    ("Талап етіледі", "Требуется"),
    ("Талап етілмейді", "Не требуется"),
    ("Талапқа сәйкес келеді", "Соответствует требованиям"),
    ("Талапқа сәйкес келмейді", "Не соответствует требованиям"),
)
# The order it is an appendix to (seed 004, the heading of each appendix).
BASE_ORDER = (
    "Қазақстан Республикасының Денсаулық сақтау және әлеуметтік даму министрінің 2015 жылғы "
    "25 желтоқсандағы №1021 және Қазақстан Республикасы Ұлттық экономика министрінің 2015 жылғы "
    "28 желтоқсандағы №807 бірлескен бұйрығына {n}-қосымша",
    "Приложение {n} к совместному приказу Министра здравоохранения и социального развития Республики "
    "Казахстан от 25 декабря 2015 года № 1021 и Министра национальной экономики Республики Казахстан "
    "от 28 декабря 2015 года № 807",
)


def _uuid(uid: UUID | str) -> UUID:
    try:
        return uid if isinstance(uid, UUID) else UUID(str(uid))
    except ValueError:
        raise Http404 from None


def checklist_for_subject(subject: Subject) -> Checklist | None:
    """The checklist (Appendix 2–7) an inspection of this subject is filled in on: by the subject's kind,
    and for a provider by its setting; None where no checklist covers it (e.g. a foster family)."""
    return subject_checklist(subject)


def inspection_list(*, actor: Any, subject: Subject | None = None, status: str | None = None,
                    search: str = "") -> QuerySet[Inspection]:
    """The inspections the actor may see, newest act first, with the counts of their items."""
    if not has_perm(actor, P.CONTROL_VIEW):
        return Inspection.objects.none()
    qs = scope(actor, Inspection.objects.select_related("subject", "subject__region", "checklist"))
    if subject is not None:
        qs = qs.filter(subject=subject)
    if status:
        qs = qs.filter(status=status)
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(act_number__icontains=search) | Q(subject_name__icontains=search)
                       | Q(subject_bin_iin__startswith=search))
    return qs.annotate(
        non_compliant_count=Count("items", filter=Q(items__required=True, items__compliant=False)),
        unfilled_count=Count("items", filter=Q(items__required=True, items__compliant__isnull=True)),
    ).order_by("-act_date", "-created_at")


def inspection_get(*, actor: Any, uid: UUID | str, perm: P = P.CONTROL_VIEW) -> Inspection:
    """One inspection in the actor's scope (404 when missing, outside it, or the role lacks ``perm``)."""
    return get_for_actor(actor, perm, Inspection.objects.select_related(
        "subject", "subject__region", "checklist", "created_by"), uid=_uuid(uid))


def inspection_items(inspection: Inspection) -> list[InspectionItem]:
    """The checklist items in the appendix's order, with their requirement and criterion."""
    return list(inspection.items.select_related("requirement", "requirement__criterion")
                .order_by("requirement__number"))


@dataclass
class ItemCounts:
    """What an inspection's checklist holds: how many items are required, not required, compliant,
    non-compliant, and which required ones are not assessed yet (by number)."""

    total: int = 0
    required: int = 0
    not_required: int = 0
    compliant: int = 0
    non_compliant: int = 0
    unfilled: list[int] = field(default_factory=list)


def item_counts(items: list[InspectionItem]) -> ItemCounts:
    counts = ItemCounts(total=len(items))
    for item in items:
        if not item.required:
            counts.not_required += 1
            continue
        counts.required += 1
        if item.compliant is None:
            counts.unfilled.append(item.requirement.number)
        elif item.compliant:
            counts.compliant += 1
        else:
            counts.non_compliant += 1
    return counts


def inspection_print_context(inspection: Inspection) -> dict[str, Any]:
    """What the printed checklist shows: the appendix heading, the title (kk and ru), the header fields
    with the inspection's values, the items with a mark in one of the four columns, the signatures."""
    checklist = inspection.checklist
    items = inspection_items(inspection)
    n = checklist.appendix
    return {
        "inspection": inspection,
        "checklist": checklist,
        "appendix_kk": BASE_ORDER[0].format(n=n),
        "appendix_ru": BASE_ORDER[1].format(n=n),
        "labels": {key: {"kk": kk, "ru": ru} for key, (kk, ru) in FORM_HEADER.items()},
        "columns": [{"kk": kk, "ru": ru} for kk, ru in FORM_COLUMNS],
        "items": items,
        "officials": [line.strip() for line in inspection.officials.splitlines() if line.strip()],
        "counts": item_counts(items),
    }
