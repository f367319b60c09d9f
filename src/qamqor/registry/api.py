"""REST endpoints of the registries: persons, representatives, grounds, providers, regions.

One view per operation (``<Entity><Action>Api``), each with its own Input/Output serializers and the
permission it needs per method; every object comes from the registry selectors, so a record outside
the actor's scope is a 404, and every write is one registry service call."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qamqor.access.permissions import P
from qamqor.api.filters import PERSON_ORDERING, PROVIDER_ORDERING, PersonFilter, ProviderFilter
from qamqor.registry import selectors, services
from qamqor.registry.models import Ground, Person, Provider, Representation
from qamqor.rules.choices import Ownership, Sector, Setting
from qamqor.rules.selectors import institution_type_list, recipient_category_list


def _today() -> Any:
    return timezone.localdate()


# --- References to other records, shared by the serializers below --------------------------------

class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProviderRefSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    bin = serializers.CharField()
    name = serializers.CharField()


class PersonRefSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    iin = serializers.CharField()
    full_name = serializers.CharField()


@extend_schema_field(OpenApiTypes.STR)
class RegionField(serializers.SlugRelatedField):
    """A region named by its KATO code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self) -> Any:
        return selectors.region_list()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:  # PostgreSQL refuses NUL in text: no such code
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.STR)
class DistrictField(serializers.SlugRelatedField):
    """A district named by its KATO code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self) -> Any:
        return selectors.district_list()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:  # PostgreSQL refuses NUL in text: no such code
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.STR)
class CategoryField(serializers.SlugRelatedField):
    """A recipient category named by its catalog code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self) -> Any:
        return recipient_category_list()


@extend_schema_field(OpenApiTypes.STR)
class InstitutionTypeField(serializers.SlugRelatedField):
    """An institution type named by its catalog code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self) -> Any:
        return institution_type_list()


class ScopedUidField(serializers.UUIDField):
    """A person or provider named by its ``uid``, resolved among the rows the actor may see:
    one outside the actor's scope is reported exactly like one that does not exist."""

    default_error_messages = {"not_found": _("No record with this identifier is available to you.")}

    def __init__(self, *, model: type[Person] | type[Provider], **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        uid = super().to_internal_value(data)
        actor = self.context["request"].user
        rows = (selectors.person_list(actor=actor) if self.model is Person
                else selectors.provider_list(actor=actor))
        found = rows.filter(uid=uid).first()
        if found is None:
            self.fail("not_found")
        return found


def _input(serializer_class: type[serializers.Serializer], request: Request, *,
           partial: bool = False) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, partial=partial, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _filters(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return {k: v for k, v in serializer.validated_data.items() if v not in (None, "")}


# --- Persons -----------------------------------------------------------------------------------

class PersonOutputSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    iin = serializers.CharField()
    surname = serializers.CharField()
    given_name = serializers.CharField()
    patronymic = serializers.CharField()
    full_name = serializers.CharField()
    birth_date = serializers.DateField()
    sex = serializers.ChoiceField(choices=Person.Sex.choices)
    region = RegionRefSerializer()
    district = RegionRefSerializer(allow_null=True)


class PersonListApi(ListAPIView):
    """Persons in the actor's scope; ``q`` is an IIN prefix or a name prefix (any case, Kazakh or
    Russian letters)."""

    required = {"GET": P.PERSON_VIEW}
    # More filters (django-filter) and ``ordering``: see qamqor.api.filters; ``?cursor=`` for large lists.
    filter_backends = (DjangoFilterBackend, OrderingFilter)
    filterset_class = PersonFilter
    ordering_fields = PERSON_ORDERING

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100)
        region = RegionField(required=False)
        provider = ScopedUidField(model=Provider, required=False)

    class OutputSerializer(PersonOutputSerializer):
        pass

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        filters = _filters(self.FilterSerializer, self.request)
        return selectors.person_list(
            actor=self.request.user, query=filters.get("q", ""),
            region=filters.get("region"), provider=filters.get("provider"))

    @extend_schema(parameters=[FilterSerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class RepresentativeInputSerializer(serializers.Serializer):
    representative = ScopedUidField(model=Person, help_text=_("uid of the representative (already registered)"))
    kind = serializers.ChoiceField(choices=Representation.Kind.choices)
    basis = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    valid_from = serializers.DateField()


class PersonDetailOutputSerializer(PersonOutputSerializer):
    class RepresentationSerializer(serializers.Serializer):
        uid = serializers.UUIDField()
        representative = PersonRefSerializer()
        kind = serializers.ChoiceField(choices=Representation.Kind.choices)
        basis = serializers.CharField()
        valid_from = serializers.DateField()
        valid_until = serializers.DateField(allow_null=True)

    class ProviderLinkSerializer(serializers.Serializer):
        provider = ProviderRefSerializer()
        since = serializers.DateField()

    address = serializers.CharField()
    phone = serializers.CharField()
    legal_capacity = serializers.ChoiceField(choices=Person.LegalCapacity.choices)
    categories = CategoryField(many=True, read_only=True)
    disability_group = serializers.ChoiceField(choices=Person.DisabilityGroup.choices)
    ipr_valid_until = serializers.DateField(allow_null=True)
    representatives = RepresentationSerializer(source="representations.all", many=True)
    providers = ProviderLinkSerializer(source="provider_links.all", many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PersonRegisterApi(APIView):
    """Register a person; birth date and sex come from the IIN. A minor or a person without full
    legal capacity needs at least one representative."""

    required = {"POST": P.PERSON_CREATE}

    class InputSerializer(serializers.Serializer):
        iin = serializers.CharField(max_length=12)
        surname = serializers.CharField(max_length=150)
        given_name = serializers.CharField(max_length=150)
        patronymic = serializers.CharField(max_length=150, required=False, allow_blank=True)
        region = RegionField()
        district = DistrictField(required=False, allow_null=True)
        address = serializers.CharField(max_length=500, required=False, allow_blank=True)
        phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
        legal_capacity = serializers.ChoiceField(choices=Person.LegalCapacity.choices, required=False)
        categories = CategoryField(many=True, required=False)
        disability_group = serializers.ChoiceField(choices=Person.DisabilityGroup.choices, required=False)
        ipr_valid_until = serializers.DateField(required=False, allow_null=True)
        provider = ScopedUidField(model=Provider, required=False, allow_null=True)
        representatives = RepresentativeInputSerializer(many=True, required=False)

    class OutputSerializer(PersonDetailOutputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = _input(self.InputSerializer, request)
        data["representatives"] = [services.RepresentativeInput(**r) for r in data.get("representatives", ())]
        person = services.person_register(actor=request.user, today=_today(), **data)
        person = selectors.person_get(actor=request.user, uid=person.uid)
        return Response(self.OutputSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonDetailApi(APIView):
    """One person's record (the read is written to the audit trail)."""

    required = {"GET": P.PERSON_VIEW}

    class OutputSerializer(PersonDetailOutputSerializer):
        pass

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        person = selectors.person_get(actor=request.user, uid=uid)
        return Response(self.OutputSerializer(person).data)


class PersonUpdateApi(APIView):
    """Change a person's editable fields (never the IIN)."""

    required = {"PATCH": P.PERSON_CHANGE}

    class InputSerializer(serializers.Serializer):
        surname = serializers.CharField(max_length=150)
        given_name = serializers.CharField(max_length=150)
        patronymic = serializers.CharField(max_length=150, allow_blank=True)
        region = RegionField()
        district = DistrictField(allow_null=True)
        address = serializers.CharField(max_length=500, allow_blank=True)
        phone = serializers.CharField(max_length=40, allow_blank=True)
        legal_capacity = serializers.ChoiceField(choices=Person.LegalCapacity.choices)
        categories = CategoryField(many=True)
        disability_group = serializers.ChoiceField(choices=Person.DisabilityGroup.choices)
        ipr_valid_until = serializers.DateField(allow_null=True)

    class OutputSerializer(PersonDetailOutputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def patch(self, request: Request, uid: Any) -> Response:
        person = selectors.person_get(actor=request.user, uid=uid, perm=P.PERSON_CHANGE)
        data = _input(self.InputSerializer, request, partial=True)
        services.person_update(actor=request.user, person=person, data=data)
        person = selectors.person_get(actor=request.user, uid=uid)
        return Response(self.OutputSerializer(person).data)


class RepresentationAddApi(APIView):
    """Add a legal representative (an already registered person) to a person."""

    required = {"POST": P.PERSON_CHANGE}

    class InputSerializer(RepresentativeInputSerializer):
        valid_until = serializers.DateField(required=False, allow_null=True)

    class OutputSerializer(PersonDetailOutputSerializer.RepresentationSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        person = selectors.person_get(actor=request.user, uid=uid, perm=P.PERSON_CHANGE)
        data = _input(self.InputSerializer, request)
        representation = services.representation_add(actor=request.user, person=person, **data)
        return Response(self.OutputSerializer(representation).data, status=status.HTTP_201_CREATED)


# --- Grounds -----------------------------------------------------------------------------------

class GroundOutputSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    person = PersonRefSerializer()
    kind = serializers.ChoiceField(choices=Ground.Kind.choices)
    number = serializers.CharField()
    issued_on = serializers.DateField()
    issuing_body = serializers.CharField()
    region = RegionRefSerializer()
    provider = ProviderRefSerializer(allow_null=True)
    setting = serializers.CharField()
    note = serializers.CharField()


class GroundListApi(ListAPIView):
    """Grounds for services in the actor's scope, optionally of one person."""

    required = {"GET": P.GROUND_VIEW}
    filter_backends = ()

    class FilterSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person, required=False)

    class OutputSerializer(GroundOutputSerializer):
        pass

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Ground.objects.none()
        filters = _filters(self.FilterSerializer, self.request)
        return selectors.ground_list(actor=self.request.user, person=filters.get("person"))

    @extend_schema(parameters=[FilterSerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class GroundRegisterApi(APIView):
    """Register a ground for services (decision, referral, court act, ...) concerning a person."""

    required = {"POST": P.GROUND_CREATE}

    class InputSerializer(serializers.Serializer):
        person = ScopedUidField(model=Person)
        kind = serializers.ChoiceField(choices=Ground.Kind.choices)
        number = serializers.CharField(max_length=100)
        issued_on = serializers.DateField()
        issuing_body = serializers.CharField(max_length=500)
        region = RegionField(required=False, allow_null=True)
        provider = ScopedUidField(model=Provider, required=False, allow_null=True)
        setting = serializers.ChoiceField(choices=Setting.choices, required=False, allow_blank=True)
        note = serializers.CharField(required=False, allow_blank=True)

    class OutputSerializer(GroundOutputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = _input(self.InputSerializer, request)
        ground = services.ground_register(actor=request.user, **data)
        return Response(self.OutputSerializer(ground).data, status=status.HTTP_201_CREATED)


# --- Providers ---------------------------------------------------------------------------------

class ProviderOutputSerializer(serializers.Serializer):
    class CapacitySerializer(serializers.Serializer):
        setting = serializers.ChoiceField(choices=Setting.choices)
        capacity = serializers.IntegerField()

    uid = serializers.UUIDField()
    bin = serializers.CharField()
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    ownership = serializers.ChoiceField(choices=Ownership.choices)
    sector = serializers.ChoiceField(choices=Sector.choices)
    institution_type = InstitutionTypeField(read_only=True, allow_null=True)
    region = RegionRefSerializer()
    district = RegionRefSerializer(allow_null=True)
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    head_name = serializers.CharField()
    is_active = serializers.BooleanField()
    capacities = CapacitySerializer(source="settings.all", many=True)


class ProviderListApi(ListAPIView):
    """Providers in the actor's scope; ``q`` is a BIN prefix or a name fragment."""

    required = {"GET": P.PROVIDER_VIEW}
    filter_backends = (DjangoFilterBackend, OrderingFilter)
    filterset_class = ProviderFilter
    ordering_fields = PROVIDER_ORDERING

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100)
        region = RegionField(required=False)
        setting = serializers.ChoiceField(choices=Setting.choices, required=False)

    class OutputSerializer(ProviderOutputSerializer):
        pass

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Provider.objects.none()
        filters = _filters(self.FilterSerializer, self.request)
        return selectors.provider_list(
            actor=self.request.user, query=filters.get("q", ""),
            region=filters.get("region"), setting=filters.get("setting"))

    @extend_schema(parameters=[FilterSerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ProviderDetailOutputSerializer(ProviderOutputSerializer):
    class LicenceSerializer(serializers.Serializer):
        number = serializers.CharField()
        activity = serializers.CharField()
        issued_on = serializers.DateField()
        valid_until = serializers.DateField(allow_null=True)
        issued_by = serializers.CharField()

    licences = LicenceSerializer(source="licences.all", many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ProviderDetailApi(APIView):
    required = {"GET": P.PROVIDER_VIEW}

    class OutputSerializer(ProviderDetailOutputSerializer):
        pass

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, uid: Any) -> Response:
        provider = selectors.provider_get(actor=request.user, uid=uid)
        return Response(self.OutputSerializer(provider).data)


class ProviderRegisterApi(APIView):
    """Register a provider with its capacity (places) by setting; the BIN is validated."""

    required = {"POST": P.PROVIDER_CREATE}

    class InputSerializer(serializers.Serializer):
        bin = serializers.CharField(max_length=12)
        name_kk = serializers.CharField(max_length=500)
        name_ru = serializers.CharField(max_length=500)
        ownership = serializers.ChoiceField(choices=Ownership.choices)
        sector = serializers.ChoiceField(choices=Sector.choices)
        institution_type = InstitutionTypeField(required=False, allow_null=True)
        region = RegionField()
        district = DistrictField(required=False, allow_null=True)
        address = serializers.CharField(max_length=500)
        phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
        email = serializers.EmailField(required=False, allow_blank=True)
        head_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
        capacities = serializers.DictField(
            child=serializers.IntegerField(min_value=0), required=False,
            help_text=_("Places by setting, e.g. {\"stationary\": 50}"))

        def validate_capacities(self, value: dict[str, int]) -> dict[str, int]:
            unknown = sorted(set(value) - set(Setting.values))
            if unknown:
                raise serializers.ValidationError(_("Unknown setting: %(codes)s.") % {"codes": ", ".join(unknown)})
            return value

    class OutputSerializer(ProviderDetailOutputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = _input(self.InputSerializer, request)
        data.setdefault("capacities", {})
        provider = services.provider_register(actor=request.user, **data)
        provider = selectors.provider_get(actor=request.user, uid=provider.uid)
        return Response(self.OutputSerializer(provider).data, status=status.HTTP_201_CREATED)


class ProviderUpdateApi(APIView):
    """Change a provider's card (never the BIN; capacity has its own endpoint)."""

    required = {"PATCH": P.PROVIDER_CHANGE}

    class InputSerializer(serializers.Serializer):
        name_kk = serializers.CharField(max_length=500)
        name_ru = serializers.CharField(max_length=500)
        ownership = serializers.ChoiceField(choices=Ownership.choices)
        sector = serializers.ChoiceField(choices=Sector.choices)
        institution_type = InstitutionTypeField(allow_null=True)
        region = RegionField()
        district = DistrictField(allow_null=True)
        address = serializers.CharField(max_length=500)
        phone = serializers.CharField(max_length=40, allow_blank=True)
        email = serializers.EmailField(allow_blank=True)
        head_name = serializers.CharField(max_length=300, allow_blank=True)
        is_active = serializers.BooleanField()

    class OutputSerializer(ProviderDetailOutputSerializer):
        pass

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def patch(self, request: Request, uid: Any) -> Response:
        provider = selectors.provider_get(actor=request.user, uid=uid, perm=P.PROVIDER_CHANGE)
        data = _input(self.InputSerializer, request, partial=True)
        services.provider_update(actor=request.user, provider=provider, data=data)
        provider = selectors.provider_get(actor=request.user, uid=uid)
        return Response(self.OutputSerializer(provider).data)


class ProviderCapacitySetApi(APIView):
    """Set the capacity (places) of one setting of a provider."""

    required = {"POST": P.PROVIDER_CHANGE}

    class InputSerializer(serializers.Serializer):
        setting = serializers.ChoiceField(choices=Setting.choices)
        capacity = serializers.IntegerField(min_value=0)

    class OutputSerializer(ProviderOutputSerializer.CapacitySerializer):
        pass

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request, uid: Any) -> Response:
        provider = selectors.provider_get(actor=request.user, uid=uid, perm=P.PROVIDER_CHANGE)
        data = _input(self.InputSerializer, request)
        row = services.provider_capacity_set(actor=request.user, provider=provider, **data)
        return Response(self.OutputSerializer(row).data)


class LicenceAddApi(APIView):
    """Add a licence (or notification) to a provider."""

    required = {"POST": P.PROVIDER_CHANGE}

    class InputSerializer(serializers.Serializer):
        number = serializers.CharField(max_length=100)
        activity = serializers.CharField(max_length=300)
        issued_on = serializers.DateField()
        valid_until = serializers.DateField(required=False, allow_null=True)
        issued_by = serializers.CharField(max_length=300, required=False, allow_blank=True)

    class OutputSerializer(ProviderDetailOutputSerializer.LicenceSerializer):
        pass

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, uid: Any) -> Response:
        provider = selectors.provider_get(actor=request.user, uid=uid, perm=P.PROVIDER_CHANGE)
        data = _input(self.InputSerializer, request)
        licence = services.licence_add(actor=request.user, provider=provider, **data)
        return Response(self.OutputSerializer(licence).data, status=status.HTTP_201_CREATED)


# --- Regions and districts ---------------------------------------------------------------------

class RegionListApi(ListAPIView):
    """The 17 regions and 3 cities of republican significance, with their districts."""

    required = {"GET": P.REGION_VIEW}
    filter_backends = ()
    pagination_class = None

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        kind = serializers.CharField()
        name_kk = serializers.CharField()
        name_ru = serializers.CharField()
        name_en = serializers.CharField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        return selectors.region_list()


class DistrictListApi(ListAPIView):
    """Districts, optionally of one region (``region`` = its KATO code)."""

    required = {"GET": P.REGION_VIEW}
    filter_backends = ()
    pagination_class = None

    class FilterSerializer(serializers.Serializer):
        region = RegionField(required=False)

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        region = RegionField(read_only=True)
        name_kk = serializers.CharField()
        name_ru = serializers.CharField()
        name_en = serializers.CharField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return selectors.district_list()
        filters = _filters(self.FilterSerializer, self.request)
        return selectors.district_list(region=filters.get("region"))

    @extend_schema(parameters=[FilterSerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("persons/", PersonListApi.as_view(), name="person-list"),
    path("persons/register/", PersonRegisterApi.as_view(), name="person-register"),
    path("persons/<uuid:uid>/", PersonDetailApi.as_view(), name="person-detail"),
    path("persons/<uuid:uid>/update/", PersonUpdateApi.as_view(), name="person-update"),
    path("persons/<uuid:uid>/representatives/add/", RepresentationAddApi.as_view(), name="representation-add"),
    path("grounds/", GroundListApi.as_view(), name="ground-list"),
    path("grounds/register/", GroundRegisterApi.as_view(), name="ground-register"),
    path("providers/", ProviderListApi.as_view(), name="provider-list"),
    path("providers/register/", ProviderRegisterApi.as_view(), name="provider-register"),
    path("providers/<uuid:uid>/", ProviderDetailApi.as_view(), name="provider-detail"),
    path("providers/<uuid:uid>/update/", ProviderUpdateApi.as_view(), name="provider-update"),
    path("providers/<uuid:uid>/capacities/", ProviderCapacitySetApi.as_view(), name="provider-capacity-set"),
    path("providers/<uuid:uid>/licences/add/", LicenceAddApi.as_view(), name="licence-add"),
    path("regions/", RegionListApi.as_view(), name="region-list"),
    path("districts/", DistrictListApi.as_view(), name="district-list"),
]
