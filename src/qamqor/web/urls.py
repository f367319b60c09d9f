from django.contrib.auth import views as auth_views
from django.urls import path

from qamqor.accounts.forms import LoginForm
from qamqor.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True,
                                                authentication_form=LoginForm),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_register, name="person_register"),
    path("persons/<uuid:uid>/", views.person_detail, name="person_detail"),
    path("persons/<uuid:uid>/edit/", views.person_edit, name="person_edit"),
    path("persons/<uuid:uid>/registration-card.pdf", views.registration_card_pdf, name="registration_card_pdf"),
    path("persons/<uuid:uid>/representatives/new/", views.representation_add, name="representation_add"),
    path("persons/<uuid:uid>/grounds/new/", views.ground_register, name="ground_register"),
    path("providers/", views.provider_list, name="provider_list"),
    path("providers/<uuid:uid>/", views.provider_detail, name="provider_detail"),
    path("search/", views.search, name="search"),
    path("missing-documents/", views.missing_documents, name="missing_documents"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("dashboards/", views.dashboard_page, name="dashboards"),
    path("dashboards/<str:key>.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("reference/", views.reference, name="reference"),
    path("reference/institution-types/", views.reference_institution_types, name="reference_institution_types"),
    path("reference/categories/", views.reference_categories, name="reference_categories"),
    path("reference/services/", views.reference_services, name="reference_services"),
    path("reference/risk-criteria/", views.reference_risk_criteria, name="reference_risk_criteria"),
    path("reference/checklists/", views.reference_checklists, name="reference_checklists"),
    path("reference/parameters/", views.reference_parameters, name="reference_parameters"),
]
