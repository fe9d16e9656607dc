from django.apps import AppConfig


class TouchesConfig(AppConfig):
    name = "keepwarm.touches"
    label = "touches"
    verbose_name = "Touches"

    def ready(self) -> None:
        from keepwarm.accounts.services import new_account
        from keepwarm.contacts import merge
        from keepwarm.touches.models import FollowUp, TouchPerson
        from keepwarm.touches.services import refresh_last_touch, same_touch, seed_kinds

        new_account.connect(seed_kinds, dispatch_uid="keepwarm-seed-kinds")
        # A merge moves the absorbed person's follow-ups and touches (a touch
        # with both is theirs once), and their last touch is read again.
        merge.add_part(
            "follow_ups", merge.Part(FollowUp, lambda a: FollowUp.objects.filter(person=a))
        )
        merge.add_part(
            "touch_links",
            merge.Part(
                TouchPerson, lambda a: TouchPerson.objects.filter(person=a), repeats=same_touch
            ),
        )
        merge.when_merged(refresh_last_touch)
