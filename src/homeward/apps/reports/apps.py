from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "homeward.apps.reports"
    label = "reports"
    verbose_name = _("Statements and statistics")
