"""The person list searches by IIN or name prefix (any case, Kazakh or Russian letters) and pages;
the provider list filters by name, region and setting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qamqor.rules.choices import Setting
from tests.factories import PersonFactory, ProviderFactory, ProviderSettingFactory

pytestmark = pytest.mark.django_db


def persons_found(client, query: str) -> list:
    return list(client.get(reverse("web:person_list"), {"q": query}).context["page"].object_list)


@pytest.mark.parametrize("query", ["сейіт", "СЕЙИТ", "Сейіт", "сейитова", "  сейіт  "])
def test_name_prefix_ignores_case_and_kazakh_letters(client, world, query):
    client.force_login(world.user("admin"))
    assert persons_found(client, query) == [world.person]


def test_iin_prefix_and_no_match(client, world):
    client.force_login(world.user("admin"))
    assert persons_found(client, world.other_person.iin[:10]) == [world.other_person]
    assert persons_found(client, "қайрат") == [world.other_person]  # a later word: the given name
    assert persons_found(client, "Жоқ") == []
    html = client.get(reverse("web:person_list"), {"q": "Жоқ"}).content.decode()
    assert 'role="status"' in html


def test_search_never_reaches_outside_scope(client, world):
    client.force_login(world.user("specialist"))
    assert persons_found(client, "жұмабаев") == []
    assert persons_found(client, world.other_person.iin) == []


def test_pages_of_results_keep_the_query(client, world):
    PersonFactory.create_batch(30, region=world.region, surname="Сейітов")
    client.force_login(world.user("admin"))
    response = client.get(reverse("web:person_list"), {"q": "сейіт"})
    page = response.context["page"]
    assert page.paginator.count == 31 and len(page.object_list) == 25
    assert 'href="?q=%D1%81%D0%B5%D0%B9%D1%96%D1%82&amp;page=2"' in response.content.decode()
    second = client.get(reverse("web:person_list"), {"q": "сейіт", "page": 2}).context["page"]
    assert len(second.object_list) == 6


def test_provider_list_filters(client, world):
    home_care = ProviderFactory(region=world.region, name_kk="Үйде қызмет көрсету орталығы")
    ProviderSettingFactory(provider=home_care, setting=Setting.HOME_CARE)
    client.force_login(world.user("analyst"))

    def found(**params):
        return set(client.get(reverse("web:provider_list"), params).context["page"].object_list)

    assert found() == {world.provider, world.other_provider, home_care}
    assert found(region=world.other_region.code) == {world.other_provider}
    assert found(setting=Setting.HOME_CARE) == {home_care}
    assert found(q="үйде") == {home_care}
    assert found(q=world.provider.bin) == {world.provider}


def test_provider_page_shows_the_card(client, world):
    provider = world.provider
    provider.licences.create(number="KZ-001", activity="Арнаулы әлеуметтік қызметтер", issued_on="2024-01-10")
    client.force_login(world.user("specialist"))
    html = client.get(reverse("web:provider_detail", kwargs={"uid": provider.uid})).content.decode()
    for text in (provider.name_kk, provider.name_ru, provider.bin, "KZ-001", "10.01.2024", "120",
                 provider.address):
        assert text in html, text
    assert f'<dd lang="ru">{provider.name_ru}</dd>' in html
