"""Filters and orderings of the registry lists (django-filter), next to each list's own ``q``,
``region`` and ``provider`` (resolved in the actor's scope by the list itself).

``updated_since`` lets a system fetch only what changed since its last run (with ``?cursor=``)."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from qamqor.registry.models import Person, Provider

PERSON_ORDERING = ("surname", "given_name", "birth_date", "iin", "created_at", "updated_at")
PROVIDER_ORDERING = ("name_kk", "name_ru", "bin", "created_at", "updated_at")


class PersonFilter(df.FilterSet):
    sex = df.ChoiceFilter(choices=Person.Sex.choices)
    born_after = df.DateFilter(field_name="birth_date", lookup_expr="gte", label=_("born on or after"))
    born_before = df.DateFilter(field_name="birth_date", lookup_expr="lte", label=_("born on or before"))
    district = df.CharFilter(field_name="district__code", label=_("district (KATO code)"))
    category = df.CharFilter(field_name="categories__code", distinct=True, label=_("recipient category code"))
    legal_capacity = df.ChoiceFilter(choices=Person.LegalCapacity.choices)
    disability_group = df.ChoiceFilter(choices=Person.DisabilityGroup.choices)
    ipr_valid_before = df.DateFilter(field_name="ipr_valid_until", lookup_expr="lte",
                                     label=_("individual rehabilitation programme valid until, at the latest"))
    updated_since = df.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte", label=_("changed since"))
    created_since = df.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte", label=_("registered since"))

    class Meta:
        model = Person
        fields: list[str] = []


class ProviderFilter(df.FilterSet):
    ownership = df.CharFilter()
    sector = df.CharFilter()
    institution_type = df.CharFilter(field_name="institution_type__code", label=_("institution type code"))
    district = df.CharFilter(field_name="district__code", label=_("district (KATO code)"))
    is_active = df.BooleanFilter()
    updated_since = df.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte", label=_("changed since"))

    class Meta:
        model = Provider
        fields: list[str] = []
