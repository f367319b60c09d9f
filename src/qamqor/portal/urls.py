from django.urls import path

from qamqor.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("applications/<uuid:uid>/", views.application, name="application"),
    path("applications/<uuid:uid>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<uuid:uid>/postpone/", views.postpone, name="postpone"),
]
