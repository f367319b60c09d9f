from django.urls import path

from qamqor.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("esobes/", views.roster_imports, name="imports"),
    path("esobes/<uuid:uid>/", views.import_detail, name="import_detail"),
    path("esobes/reconciliation/", views.reconciliation, name="reconciliation"),
    path("esobes/export/", views.export, name="export"),
    path("signed/", views.signed_list, name="signed_list"),
    path("signed/<uuid:uid>/", views.signed_detail, name="signed_detail"),
]
