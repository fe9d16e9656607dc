from django.apps import AppConfig


class TouchesConfig(AppConfig):
    name = "keepwarm.touches"
    label = "touches"
    verbose_name = "Touches"
