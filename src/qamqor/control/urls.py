"""Pages of state control under /<lang>/control/ (namespace "control").

Owner: control-core; the inspection entries (views_inspections) are control-inspections'."""

from django.urls import path

from qamqor.control import views, views_inspections

app_name = "control"

urlpatterns = [
    # Subjects, findings, complaints, preventive-control lists (control-core)
    path("", views.subject_list, name="subject_list"),
    path("subjects/new/", views.subject_create, name="subject_create"),
    path("subjects/sync/", views.subject_sync, name="subject_sync"),
    path("subjects/<uuid:uid>/", views.subject_detail, name="subject_detail"),
    path("subjects/<uuid:uid>/recompute/", views.subject_recompute, name="subject_recompute"),
    path("subjects/<uuid:uid>/findings/new/", views.finding_record, name="finding_record"),
    path("findings/<uuid:uid>/withdraw/", views.finding_withdraw, name="finding_withdraw"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.complaint_register, name="complaint_register"),
    path("complaints/<uuid:uid>/decide/", views.complaint_decide, name="complaint_decide"),
    path("lists/", views.list_list, name="list_list"),
    path("lists/<uuid:uid>/", views.list_detail, name="list_detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    # Inspections and their checklists (control-inspections)
    path("inspections/", views_inspections.inspection_list, name="inspection_list"),
    path("inspections/new/", views_inspections.inspection_appoint, name="inspection_appoint"),
    path("inspections/<uuid:uid>/", views_inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<uuid:uid>/fill/", views_inspections.inspection_fill, name="inspection_fill"),
    path("inspections/<uuid:uid>/complete/", views_inspections.inspection_complete, name="inspection_complete"),
    path("inspections/<uuid:uid>/cancel/", views_inspections.inspection_cancel, name="inspection_cancel"),
    path("inspections/<uuid:uid>/print/", views_inspections.inspection_pdf, name="inspection_pdf"),
]
