from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qamqor.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from qamqor.accounts import checks, signals  # noqa: F401  (log-ins go to the audit trail; deploy checks)
