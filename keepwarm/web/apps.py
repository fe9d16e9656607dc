from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "keepwarm.web"
    label = "web"
    verbose_name = "Web interface"
