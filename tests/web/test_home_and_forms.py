"""The home page per role, and the one helper that shows a service's refusal on a form."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from qamqor.core.domain import Source
from qamqor.core.errors import DomainError
from qamqor.web.forms import show_domain_error


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "persons", "providers", "can_register"), [
    ("specialist", 1, 1, True),
    ("leb", 1, 1, True),
    ("inspector", 1, 1, False),
    ("national_inspector", 2, 2, False),
    ("analyst", None, 2, False),
    ("admin", 2, 2, True),
])
def test_home_counts_what_the_user_can_see_and_lists_what_they_can_do(client, world, who, persons, providers,
                                                                     can_register):
    client.force_login(world.user(who))
    response = client.get(reverse("web:home"))
    assert response.context["person_count"] == persons
    assert response.context["provider_count"] == providers
    assert (reverse("web:person_register") in response.content.decode()) == can_register


class _Form(forms.Form):
    iin = forms.CharField()
    representative_iin = forms.CharField(required=False)


def test_a_refusal_goes_next_to_its_field_with_the_rule_quoted():
    form = _Form({"iin": "1"})
    assert form.is_valid()
    show_domain_error(form, DomainError("x", "Too late.", field="iin", source=Source("003", "п. 11")))
    assert form.errors == {"iin": ["Too late. (rule: 003, п. 11)"]}


def test_aliases_and_unknown_fields():
    form = _Form({"iin": "1"})
    form.is_valid()
    show_domain_error(form, DomainError("x", "Needs one.", field="representatives"),
                      aliases={"representatives": "representative_iin"})
    show_domain_error(form, DomainError("y", "Elsewhere.", field="region"))
    show_domain_error(form, DomainError("z", "General."))
    assert form.errors["representative_iin"] == ["Needs one."]
    assert form.non_field_errors() == ["Elsewhere.", "General."]
