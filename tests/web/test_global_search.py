"""The search box in every page's header: by IIN, by name prefix with Kazakh letters folded, by
provider name or BIN; results grouped by kind, scoped like the lists, plain links for the keyboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qamqor.access.core import scope
from tests.factories import PersonFactory, ProviderFactory, ProviderPersonFactory

pytestmark = pytest.mark.django_db


def _search(client, query: str, lang: str = "en"):
    return client.get(f"/{lang}/search/", {"q": query})


def test_the_header_has_one_labelled_search_box_on_every_page(client, world):
    client.force_login(world.user("specialist"))
    html = client.get(reverse("web:provider_list")).content.decode()
    assert html.count('role="search"') == 2  # the header's and the provider filter
    assert '<label for="site-search-q">' in html
    assert f'action="{reverse("web:search")}"' in html
    assert 'href="#main"' in html  # the skip link comes before it


def test_by_iin_prefix_and_full_iin(client, world):
    client.force_login(world.user("specialist"))
    response = _search(client, world.person.iin)
    assert [p.pk for p in response.context["results"].persons] == [world.person.pk]
    response = _search(client, world.person.iin[:6])
    assert world.person.pk in [p.pk for p in response.context["results"].persons]
    assert f'href="{reverse("web:person_detail", kwargs={"uid": world.person.uid})}"' in response.content.decode()


def test_by_name_prefix_with_kazakh_letters_and_any_case(client, world):
    person = ProviderPersonFactory(provider=world.provider, person__surname="Жақсылықов",
                                   person__given_name="Әбілқайыр", person__patronymic="").person
    client.force_login(world.user("specialist"))
    for query in ("аби", "Әбіл", "ӘБІЛҚАЙЫР", "жаксы", "Жақсылықов Әбіл"):
        found = [p.pk for p in _search(client, query).context["results"].persons]
        assert found == [person.pk], query
    assert _search(client, "бил").context["results"].persons == []  # a prefix, not a substring


def test_providers_by_name_and_bin(client, world):
    named = ProviderFactory(region=world.region, name_kk="Қамқор үйі", name_ru="Дом Камкор")
    client.force_login(world.user("leb"))
    assert [p.pk for p in _search(client, "камкор").context["results"].providers] == [named.pk]
    assert [p.pk for p in _search(client, named.bin).context["results"].providers] == [named.pk]


def test_results_are_scoped_like_the_lists(client, world):
    # The other region's person and provider exist, but the specialist and the officer cannot see them.
    for who in ("specialist", "leb"):
        client.force_login(world.user(who))
        results = _search(client, world.other_person.iin).context["results"]
        assert results.persons == []
        results = _search(client, "Жұмабаев").context["results"]
        assert results.persons == []
        results = _search(client, world.other_provider.bin).context["results"]
        assert results.providers == []
    client.force_login(world.user("national_inspector"))
    assert [p.pk for p in _search(client, "Жұмабаев").context["results"].persons] == [world.other_person.pk]


def test_the_analyst_finds_providers_but_no_person(client, world):
    client.force_login(world.user("analyst"))
    response = _search(client, world.person.iin[:4])
    assert response.context["results"].persons is None
    assert "persons-title" not in response.content.decode()
    response = _search(client, world.provider.bin)
    assert [p.pk for p in response.context["results"].providers] == [world.provider.pk]


def test_results_page_is_grouped_with_headings_and_plain_links(client, world):
    client.force_login(world.user("national_inspector"))
    response = _search(client, "сейіт")
    html = response.content.decode()
    assert '<h2 id="persons-title">' in html and '<h2 id="providers-title">' in html
    assert 'role="status"' in html
    assert "<script" in html and 'src="/static/web/search.js"' in html
    assert "<script>" not in html  # no inline script (CSP)
    assert response.context["results"].persons  # Сейітова found by «сейіт»


def test_many_results_are_cut_with_a_link_to_the_full_list(client, world):
    for _ in range(22):
        PersonFactory(region=world.region, surname="Оспанова")
    client.force_login(world.user("leb"))
    response = _search(client, "оспан")
    assert len(response.context["results"].persons) == 20
    assert response.context["results"].persons_more
    assert f'{reverse("web:person_list")}?q=%D0%BE%D1%81%D0%BF%D0%B0%D0%BD' in response.content.decode()


def test_an_empty_query_shows_the_form_only(client, world):
    client.force_login(world.user("leb"))
    response = _search(client, "  ")
    assert response.status_code == 200 and response.context["results"] is None


def test_search_needs_a_login(client, world):
    response = _search(client, "x")
    assert response.status_code == 302


def test_scope_helper_agrees(world):
    # The scoped queryset the search reads from is the registry's.
    from qamqor.registry.models import Person

    assert not scope(world.user("specialist"), Person.objects.filter(pk=world.other_person.pk)).exists()


def test_focus_order_follows_the_page(client, world):
    """No positive tabindex anywhere: the tab order is the document order (skip link, header, search,
    main); the results are plain links in lists."""
    import re

    client.force_login(world.user("national_inspector"))
    html = _search(client, "сейіт").content.decode()
    assert not re.search(r'tabindex="[1-9]', html)
    assert html.index('href="#main"') < html.index('id="site-search-q"') < html.index('<main id="main"')
    assert html.index('id="search-page-q"') < html.index('data-result')
