from django.urls import path

from qamqor.accounts import views

app_name = "accounts"

urlpatterns = [
    path("security/", views.security, name="security"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("subject-access/<uuid:uid>/", views.subject_access, name="subject_access"),
]
