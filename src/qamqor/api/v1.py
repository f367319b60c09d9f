"""Routes of /api/v1/ (each app adds its api module here)."""

from django.urls import include, path

urlpatterns = [
    path("", include("qamqor.api.bulk")),
    path("", include("qamqor.api.lists")),
    path("", include("qamqor.registry.api")),
    path("", include("qamqor.journal.api")),
    path("", include("qamqor.api.reference")),
    path("", include("qamqor.care.api")),
    path("", include("qamqor.control.api_inspections")),
    path("", include("qamqor.control.api")),
    path("", include("qamqor.exchange.api")),
]
