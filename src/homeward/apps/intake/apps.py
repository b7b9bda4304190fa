from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "homeward.apps.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from homeward.apps.intake.calibration import review_labels
        from homeward.apps.registry import search_index

        # The person search weighs names as the reviewers' decisions have taught.
        search_index.use_labels(review_labels)
