from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qamqor.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from qamqor.core import checks  # noqa: F401  (registers the deploy checks)
        from qamqor.core.citations import localize
        from qamqor.core.domain import set_citation_localizer

        set_citation_localizer(localize)
