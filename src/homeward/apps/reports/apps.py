from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "homeward.apps.reports"
    label = "reports"
    verbose_name = _("Statements and statistics")

    def ready(self) -> None:
        from homeward.apps.reports.checks import check_settings

        checks.register(check_settings)
