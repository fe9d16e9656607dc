from django.apps import AppConfig


class OccasionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keepwarm.occasions"
    verbose_name = "occasions"
