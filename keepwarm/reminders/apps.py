from django.apps import AppConfig


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keepwarm.reminders"
    verbose_name = "reminders"
