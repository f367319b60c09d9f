from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    name = "qamqor.control"
    label = "control"
    verbose_name = _("State control: risk findings, risk degrees, preventive control and inspections")
