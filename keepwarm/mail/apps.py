from django.apps import AppConfig


class MailConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keepwarm.mail"
    # The outbox and the reminder settings were the "reminders" app's before the
    # reminders that read the plan (digest, calendar feed, worker) moved above
    # it (``keepwarm.reminders``): the label keeps their tables and migrations.
    label = "reminders"
    verbose_name = "mail"

    def ready(self) -> None:
        from keepwarm.accounts.throttle import sign_in_locked
        from keepwarm.mail import account_mail

        # The account's owner hears when signing in to it is paused.
        sign_in_locked.connect(account_mail.on_sign_in_locked, dispatch_uid="keepwarm-lock-notice")
