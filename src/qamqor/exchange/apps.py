from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "qamqor.exchange"
    label = "exchange"
    verbose_name = _("Exchange: signed documents and the E-sobes roster")
