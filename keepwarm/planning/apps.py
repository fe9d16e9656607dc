from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "keepwarm.planning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from keepwarm.planning import signals

        signals.connect()
