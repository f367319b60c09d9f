"""Django's admin with Qamqor's site, whose log-in goes through ``qamqor.access``."""

from django.contrib.admin.apps import AdminConfig


class QamqorAdminConfig(AdminConfig):
    default_site = "qamqor.access.admin.QamqorAdminSite"
