"""Writes and counts the pages and commands ask of the domain apps instead of
doing themselves: follow-ups changed and deleted, every email stopped, an
upload made to wait again, circles with their people counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.accounts.services import create_user, has_accounts
from keepwarm.contacts.models import Circle
from keepwarm.contacts.queries import circles_with_counts
from keepwarm.contacts.services import create_person
from keepwarm.imports import background, pending
from keepwarm.imports.models import PendingImport
from keepwarm.mail.models import settings_of, stop_emails
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp
from keepwarm.touches.services import add_follow_up, delete_follow_up, update_follow_up
from tests.conftest import TODAY, make_user

State = PendingImport.State


def test_a_follow_up_changes_person_text_and_due_day(alice, jane, frozen):
    ana = create_person(alice, "Ana Roe")
    follow_up = add_follow_up(alice, jane, "send the article", TODAY)
    update_follow_up(follow_up, ana, "  call back ", TODAY + dt.timedelta(days=2))
    follow_up.refresh_from_db()
    assert (follow_up.person, follow_up.text, follow_up.due) == (
        ana,
        "call back",
        TODAY + dt.timedelta(days=2),
    )


def test_a_follow_up_never_moves_to_someone_elses_person(alice, bob, jane, frozen):
    follow_up = add_follow_up(alice, jane, "send the article", TODAY)
    bobs = create_person(bob, "Bo Friend")
    with pytest.raises(ValidationError, match="Unknown person"):
        update_follow_up(follow_up, bobs, "x", TODAY)
    with pytest.raises(ValidationError):
        update_follow_up(follow_up, jane, "", TODAY)
    follow_up.refresh_from_db()
    assert (follow_up.person, follow_up.text) == (jane, "send the article")


def test_deleting_a_follow_up_deletes_only_it(alice, jane, frozen):
    gone = add_follow_up(alice, jane, "send the article", TODAY)
    kept = add_follow_up(alice, jane, "call", TODAY)
    delete_follow_up(gone)
    assert list(owned(FollowUp, alice)) == [kept]


def test_stopping_emails_turns_them_off_once(alice, bob):
    assert settings_of(alice).emails_on
    assert not stop_emails(alice).emails_on
    assert not stop_emails(alice).emails_on
    assert not settings_of(alice).emails_on and settings_of(bob).emails_on


def _upload(user, state):
    return PendingImport.objects.create(
        owner=user, file_name="x.vcf", data=b"", kind="vcard", state=state
    )


@pytest.mark.parametrize("state", [State.FAILED, State.IMPORTING])
def test_an_upload_waits_again_unless_it_moved_meanwhile(alice, state):
    job = _upload(alice, state)
    background.wait_again(job)
    assert job.state == State.WAITING
    assert PendingImport.objects.get().state == State.WAITING
    moved = _upload(alice, State.FAILED)
    stale = PendingImport.objects.get(pk=moved.pk)
    PendingImport.objects.filter(pk=moved.pk).update(state=State.IMPORTING)
    background.wait_again(stale)  # it read FAILED; another process claimed it since
    assert PendingImport.objects.get(pk=moved.pk).state == State.IMPORTING


def test_a_discarded_upload_is_gone(alice):
    job = _upload(alice, State.DONE)
    pending.discard(job)
    assert not PendingImport.objects.exists()


def test_circles_count_everyone_in_them(alice, bob, frozen):
    close = owned(Circle, alice).get(name="Close")
    create_person(alice, "Jane Doe", circle=close)
    create_person(alice, "Gone Person", circle=close, deceased=True)
    create_person(alice, "Old Friend", circle=close, archived=True)
    create_person(bob, "Bo Friend", circle=owned(Circle, bob).get(name="Close"))
    counts = {c.name: c.people_count for c in circles_with_counts(alice)}
    assert counts == {"Close": 3, "Core": 0, "Wide": 0}


def test_an_account_counts_but_the_demo_does_not(db):
    assert not has_accounts()
    create_user("demo", None, is_demo=True)
    assert not has_accounts()
    make_user("erin")
    assert has_accounts()
