from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keepwarm.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from keepwarm.accounts import sessions

        # Each sign-in is listed in Settings until it signs out or ends.
        user_logged_in.connect(sessions.on_sign_in, dispatch_uid="keepwarm-session-in")
        user_logged_out.connect(sessions.on_sign_out, dispatch_uid="keepwarm-session-out")
