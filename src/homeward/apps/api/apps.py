from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "homeward.apps.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # The schema's extensions take effect by being imported.
        from homeward.apps.api import schema  # noqa: F401
