"""Error pages in production mode: translated, in the site's layout, without details of the failure."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
@pytest.mark.parametrize(("language", "text"), [("kk", "Бет табылмады"), ("ru", "Страница не найдена"),
                                                ("en", "Page not found")])
def test_not_found_is_translated(client, language, text):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404 and text in response.content.decode()


@override_settings(DEBUG=False)
def test_refused_is_translated(client):
    client.force_login(UserFactory(role="analyst", provider=None, region=None))
    with translation.override("ru"):
        response = client.get("/ru/persons/new/")
    assert response.status_code == 403 and "Доступ запрещён" in response.content.decode()
