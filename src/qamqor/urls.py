"""URL map: pages under a language prefix (/kk/, /ru/, /en/), the API and admin without one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("qamqor.api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("account/", include("qamqor.accounts.urls")),
    path("care/", include("qamqor.care.urls")),
    path("exchange/", include("qamqor.exchange.urls")),
    path("portal/", include("qamqor.portal.urls")),
    path("control/", include("qamqor.control.urls")),
    path("journal/", include("qamqor.journal.urls")),
    path("", include("qamqor.web.urls")),
)
