from django.apps import AppConfig


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keepwarm.reminders"
    verbose_name = "reminders"

    def ready(self) -> None:
        from keepwarm.accounts.throttle import sign_in_locked
        from keepwarm.reminders import account_mail

        # The account's owner hears when signing in to it is paused.
        sign_in_locked.connect(account_mail.on_sign_in_locked, dispatch_uid="keepwarm-lock-notice")
