"""The catalogs as loaded from rules/data: the numbers the regulations give, and the shape of every row."""

from collections import Counter

import pytest

from qamqor.rules.choices import Setting
from qamqor.rules.loader import QAMQOR
from qamqor.rules.models import (
    AdmissionDocument,
    Checklist,
    ChecklistRequirement,
    InstitutionType,
    JournalColumn,
    LegalDocument,
    Parameter,
    QualityCondition,
    RecipientCategory,
    RiskCriterion,
    ServiceItem,
)

from .helpers import MODELS

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def test_the_five_legal_documents_with_their_status():
    docs = {d.code: d for d in LegalDocument.objects.all()}
    assert sorted(docs) == ["000", "001", "002", "003", "004"]
    assert [code for code, d in sorted(docs.items()) if d.repealed] == ["000", "001", "002", "003"]
    assert docs["003"].registered.endswith("No. 25804")
    assert (docs["001"].effective_to.isoformat(), docs["003"].effective_to.isoformat()) == (
        "2023-06-30", "2023-06-30")
    assert docs["004"].effective_to is None


def test_ninety_risk_criteria_by_degree_of_violation():
    """Seed 004, Appendix 1: 31 gross, 47 significant and 12 minor criteria, numbered 1 to 90."""
    assert Counter(RiskCriterion.objects.values_list("severity", flat=True)) == {
        "gross": 31, "significant": 47, "minor": 12}
    assert list(RiskCriterion.objects.values_list("number", flat=True)) == list(range(1, 91))


def test_six_checklists_with_their_requirements():
    """Seed 004, Appendices 2-7."""
    counts = [(c.appendix, c.requirements.count()) for c in Checklist.objects.order_by("appendix")]
    assert counts == [(2, 3), (3, 20), (4, 20), (5, 18), (6, 8), (7, 16)]
    linked = ChecklistRequirement.objects.filter(criterion__isnull=False)
    assert all(r.severity == r.criterion.severity for r in linked.select_related("criterion"))


def test_service_items_and_quality_conditions_of_the_standards():
    """Seeds 000 and 001: 187 service items (45 + 52 + 52 + 38) and 103 quality conditions."""
    assert ServiceItem.objects.count() == 187
    assert QualityCondition.objects.count() == 103
    per_type = Counter(ServiceItem.objects.values_list("service_type__code", flat=True))
    assert per_type["social_household"] == 38 and per_type["social_economic"] == 6


@pytest.mark.parametrize(("institution_type", "funding", "count"), [
    ("special_regime_org", "any", 6),                                     # 000 п. 5
    ("children_psychoneurological_msi_residential", "budget", 11),        # 002 App. 1 п. 8
    ("children_psychoneurological_msi_residential", "paid", 7),           # 002 App. 1 п. 9
    ("children_home_care", "budget", 10),                                 # 002 App. 2 п. 12
    ("children_psychoneurological_semi_stationary", "budget", 11),        # 002 App. 3 п. 8
    ("children_psychoneurological_semi_stationary", "paid", 7),           # 002 App. 3 п. 9
])
def test_admission_documents_per_institution_type(institution_type, funding, count):
    docs = AdmissionDocument.objects.filter(institution_type__code=institution_type, funding=funding)
    assert list(docs.values_list("number", flat=True)) == list(range(1, count + 1))


def test_special_regime_documents_two_to_five_may_follow_admission():
    """000 п. 5: without documents 2)-5) the minor is still admitted and they are requested."""
    docs = AdmissionDocument.objects.filter(institution_type__code="special_regime_org")
    assert list(docs.filter(may_be_missing_at_admission=True).values_list("number", flat=True)) == [2, 3, 4, 5]
    assert list(docs.filter(if_any=True).values_list("number", flat=True)) == [4, 6]


def test_the_journal_form_has_four_header_fields_and_fourteen_columns():
    """Seed 003, Appendix 2."""
    assert JournalColumn.objects.filter(is_header=True).count() == 4
    columns = JournalColumn.objects.filter(is_header=False).order_by("number")
    assert list(columns.values_list("number", flat=True)) == list(range(1, 15))
    assert columns.get(number=9).name_kk == "Түскен күні және бұйрықтың №"


@pytest.mark.parametrize(("code", "setting", "age_min", "age_max"), [
    ("special_regime_org", Setting.STATIONARY, 11, 18),
    ("children_psychoneurological_msi_residential", Setting.STATIONARY, 3, 18),
    ("children_home_care", Setting.HOME_CARE, None, None),
    ("children_psychoneurological_semi_stationary", Setting.SEMI_STATIONARY, 3, 18),
    ("adult_stationary", Setting.STATIONARY, 18, None),
    ("adult_semi_stationary", Setting.SEMI_STATIONARY, 18, None),
    ("adult_home_care", Setting.HOME_CARE, 18, None),
    ("adult_temporary_stay", Setting.TEMPORARY_STAY, 18, None),
    ("foster_family", Setting.FOSTER_FAMILY, None, 18),
])
def test_institution_types_with_setting_and_ages(code, setting, age_min, age_max):
    itype = InstitutionType.objects.get(code=code)
    assert (itype.setting, itype.age_min, itype.age_max) == (setting, age_min, age_max)


def test_recipient_categories_are_linked_to_their_institution_types():
    special = InstitutionType.objects.get(code="special_regime_org")
    assert list(special.categories.values_list("code", flat=True)) == ["minors_special_upbringing"]
    out_of_turn = RecipientCategory.objects.get(code="orphans_aged_18_in_stationary")
    assert list(out_of_turn.institution_types.values_list("code", flat=True)) == ["adult_stationary"]
    at_risk = RecipientCategory.objects.get(code="children_at_risk_1_5_to_3")
    assert (at_risk.age_min_months, at_risk.age_max) == (18, 3)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_row_has_three_names_and_a_source(model):
    stem = "text" if hasattr(model, "text_kk") else "name"
    documents = set(LegalDocument.objects.values_list("code", flat=True)) | {QAMQOR}
    rows = list(model.objects.all())
    assert rows
    for row in rows:
        assert all(getattr(row, f"{stem}_{lang}").strip() for lang in ("kk", "ru", "en")), row.pk
        assert row.source_document in documents, row.pk
        assert row.source_paragraph.strip(), row.pk
        assert not (row.effective_from and row.effective_to and row.effective_to < row.effective_from)


def test_qamqor_defaults_and_only_they_are_flagged_as_defaults():
    assert set(Parameter.objects.filter(is_default=True).values_list("source_document", flat=True)) == {QAMQOR}
    assert not Parameter.objects.filter(is_default=False, source_document=QAMQOR).exists()
