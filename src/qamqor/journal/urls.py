"""Pages of the electronic journal (under the language prefix, /<lang>/journal/...)."""

from django.urls import path

from qamqor.journal import views

app_name = "journal"

urlpatterns = [
    path("providers/<uuid:provider_uid>/", views.journal_index, name="index"),
    path("providers/<uuid:provider_uid>/applications/new/", views.application_file, name="application_file"),
    path("providers/<uuid:provider_uid>/<str:setting>/", views.journal_page, name="journal"),
    path("providers/<uuid:provider_uid>/<str:setting>/journal.xlsx", views.journal_xlsx, name="journal_xlsx"),
    path("providers/<uuid:provider_uid>/<str:setting>/journal.pdf", views.journal_pdf, name="journal_pdf"),
    path("providers/<uuid:provider_uid>/<str:setting>/queue/", views.queue_page, name="queue"),
    path("providers/<uuid:provider_uid>/<str:setting>/case/", views.case_open, name="case_open"),
    path("providers/<uuid:provider_uid>/<str:setting>/persons/<uuid:person_uid>/", views.case_page, name="case"),
    path("providers/<uuid:provider_uid>/<str:setting>/persons/<uuid:person_uid>/<str:action>/", views.case_action,
         name="case_action"),
    path("applications/<uuid:uid>/", views.application_page, name="application"),
    path("persons/<uuid:uid>/", views.person_history, name="person_history"),
    path("events/<uuid:uid>/arrival/", views.transfer_arrive, name="transfer_arrive"),
    path("events/<uuid:uid>/correct/", views.event_correct, name="event_correct"),
]

urlpatterns += [
    path("position/", views.position_public, name="position_public"),
]
