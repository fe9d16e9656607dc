from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "keepwarm.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        from keepwarm.accounts.services import new_account
        from keepwarm.contacts.services import seed_circles

        new_account.connect(seed_circles, dispatch_uid="keepwarm-seed-circles")
