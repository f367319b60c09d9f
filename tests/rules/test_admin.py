"""The rules catalogs in the admin: viewable by roles with the reference permission, never editable."""

import pytest
from django.urls import reverse

from qamqor.accounts.models import Role
from qamqor.rules.models import RiskCriterion
from tests.factories import UserFactory

from .helpers import MODELS

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_catalog_lists_its_rows_with_source_and_dates(client, model):
    client.force_login(UserFactory(role=Role.LEB_OFFICER))
    page = client.get(reverse(f"admin:rules_{model._meta.model_name}_changelist"), {"q": ""})
    assert page.status_code == 200
    assert b"column-effective_from" in page.content and b"column-effective_to" in page.content


def test_a_row_can_be_viewed_but_not_changed_added_or_deleted(client):
    client.force_login(UserFactory(role=Role.LEB_OFFICER))
    criterion = RiskCriterion.objects.get(number=1)
    change = reverse("admin:rules_riskcriterion_change", args=[criterion.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"text_en": "changed"}).status_code == 403
    assert client.get(reverse("admin:rules_riskcriterion_add")).status_code == 403
    assert client.post(reverse("admin:rules_riskcriterion_delete", args=[criterion.pk]),
                       {"post": "yes"}).status_code == 403
    criterion.refresh_from_db()
    assert criterion.text_en != "changed"


def test_search_and_filters_work(client):
    client.force_login(UserFactory(role=Role.ADMIN))
    url = reverse("admin:rules_parameter_changelist")
    page = client.get(url, {"q": "postponement", "is_default__exact": "0"})
    assert page.status_code == 200
    assert b"postponement_days_stationary" in page.content
    assert b"offer_arrival_days" not in page.content


def test_a_role_without_the_admin_site_is_sent_to_log_in(client):
    client.force_login(UserFactory(role=Role.ANALYST))
    page = client.get(reverse("admin:rules_riskcriterion_changelist"))
    assert page.status_code == 302
