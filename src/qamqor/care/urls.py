from django.urls import path

from qamqor.care import views

app_name = "care"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("plans/<uuid:uid>/", views.plan_detail, name="plan_detail"),
    path("plans/<uuid:uid>/print/", views.plan_pdf, name="plan_pdf"),
    path("plans/<uuid:uid>/items/", views.plan_item_add, name="plan_item_add"),
    path("plans/<uuid:uid>/fill/", views.plan_fill, name="plan_fill"),
    path("plans/<uuid:uid>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<uuid:uid>/monitoring/", views.plan_monitoring, name="plan_monitoring"),
    path("plans/<uuid:uid>/correct/", views.plan_correct, name="plan_correct"),
    path("plans/<uuid:uid>/acknowledge/", views.plan_acknowledge, name="plan_acknowledge"),
    path("dossiers/<uuid:uid>/", views.dossier_detail, name="dossier_detail"),
    path("dossiers/<uuid:uid>/documents/<int:number>/", views.dossier_document_set, name="dossier_document_set"),
    path("dossiers/<uuid:uid>/medical-conclusion/", views.dossier_conclusion, name="dossier_conclusion"),
    path("dossiers/<uuid:uid>/admission/", views.dossier_admission, name="dossier_admission"),
    path("dossiers/<uuid:uid>/certificate-of-stay/", views.stay_certificate_pdf, name="stay_certificate_pdf"),
    path("need/", views.need_list, name="need_list"),
    path("need/applications/", views.need_application, name="need_application"),
    path("need/<uuid:uid>/assessment/", views.need_assessment, name="need_assessment"),
    path("need/<uuid:uid>/decision/", views.need_decision, name="need_decision"),
    path("services/", views.service_list, name="service_list"),
    path("contracts/<uuid:uid>/", views.contract_detail, name="contract_detail"),
    path("contracts/<uuid:uid>/extend/", views.contract_extend, name="contract_extend"),
    path("contracts/<uuid:uid>/terminate/", views.contract_terminate, name="contract_terminate"),
    path("persons/<uuid:uid>/living-conditions/", views.living_conditions, name="living_conditions"),
    path("persons/<uuid:uid>/home-care-journal/<int:year>/<int:month>/", views.home_care_journal,
         name="home_care_journal"),
    path("contracts/<uuid:uid>/print/", views.contract_pdf, name="contract_pdf"),
]
