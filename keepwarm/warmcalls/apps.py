from django.apps import AppConfig


class WarmcallsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keepwarm.warmcalls"
    verbose_name = "warm calls"
