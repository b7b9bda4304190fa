from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "homeward.apps.api"
    label = "api"
    verbose_name = "API"
