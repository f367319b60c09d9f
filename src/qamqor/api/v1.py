"""Routes of /api/v1/ (each app adds its api module here)."""

from django.urls import include, path

urlpatterns = [
    path("", include("qamqor.registry.api")),
    path("", include("qamqor.journal.api")),
    path("", include("qamqor.api.reference")),
    path("", include("qamqor.care.api")),
]
