from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "keepwarm.plans"
    # The package was "planning" until its name was too close to the pure
    # planner's: the label keeps its tables and migrations.
    label = "planning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from keepwarm.plans import signals

        signals.connect()
