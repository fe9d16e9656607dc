from django.apps import AppConfig


class OccasionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keepwarm.occasions"
    verbose_name = "occasions"

    def ready(self) -> None:
        from keepwarm.mail import outbox
        from keepwarm.mail.models import OutboxMessage
        from keepwarm.occasions import greetings

        # A greeting that went out is a touch, logged as it is marked sent.
        outbox.when_sent(OutboxMessage.Kind.GREETING, greetings.log_sent)
