"""Languages: Kazakh by default, /ru/ and /en/ prefixes, and the switcher keeps the current page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_kazakh_is_the_default(client, world):
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith("/kk/")
    assert '<html lang="kk">' in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_each_language_has_its_prefix_and_lang_attribute(client, world, language):
    client.force_login(world.user("leb"))
    response = client.get(f"/{language}/persons/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    with translation.override(language):
        assert reverse("web:person_list") == f"/{language}/persons/"


def test_the_switcher_keeps_the_current_page(client, world):
    client.force_login(world.user("leb"))
    url = f"/kk/persons/{world.person.uid}/"
    html = client.get(url).content.decode()
    assert f'name="next" type="hidden" value="{url}"' in html
    response = client.post("/i18n/setlang/", {"language": "ru", "next": f"{url}?tab=1"})
    assert response.status_code == 302 and response["Location"] == f"/ru/persons/{world.person.uid}/?tab=1"
    assert '<html lang="ru">' in client.get(response["Location"]).content.decode()


def test_the_log_in_page_switches_too(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kk/login/"})
    assert response["Location"] == "/en/login/"
    html = client.get("/en/login/").content.decode()
    assert '<html lang="en">' in html and "Log in" in html
