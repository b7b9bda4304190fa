from django.apps import AppConfig


class SafeguardsConfig(AppConfig):
    name = "homeward.apps.safeguards"
    label = "safeguards"
    verbose_name = "Safeguards"
