from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "keepwarm.contacts"
    label = "contacts"
    verbose_name = "Contacts"
