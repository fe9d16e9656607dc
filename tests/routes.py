"""How every URL of the web interface is owned (``URLS``): alice's objects named
in the path, the signed-in user's own data, public with a reason, or keyed by
something else that another test proves. tests/test_ownership.py requests
them as bob and as a visitor; tests/test_url_coverage.py fails for a URL
missing here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Objects:
    """The path names alice's objects of these kinds, in its order: bob gets 404
    on them by GET and POST (a view that takes only POST answers GET with 405,
    whoever's the id) and nothing of alice's changes; a visitor who is not
    signed in is sent to sign in; an id that does not exist is a 404."""

    kinds: tuple[str, ...]
    post_only: bool = False


@dataclass(frozen=True)
class Own:
    """No id in the path: it shows or changes only the signed-in user's own
    data (its forms' choices are owner-scoped; see the bad-value tables in each
    view's tests and the cases at the end of this module). A visitor who is
    not signed in is sent to sign in."""

    why: str = ""


@dataclass(frozen=True)
class Public:
    """Open to a visitor who is not signed in, for the reason given."""

    why: str


@dataclass(frozen=True)
class Elsewhere:
    """Keyed by something other than an object id (a token, a signed link, ids
    in a form): the test module named proves bob gets nothing of alice's."""

    test: str
    why: str


PERSON, TOUCH, FOLLOW_UP = Objects(("person",)), Objects(("touch",)), Objects(("followup",))

URLS: dict[str, Objects | Own | Public | Elsewhere] = {
    # Home, welcome and accounts
    "home": Public("the welcome page for visitors; the user's own home once signed in"),
    "signup": Public("making an account (while sign-up is open)"),
    "login": Public("signing in"),
    "logout": Public("signing out (POST): it ends only the visitor's own session"),
    "demo": Public("exploring the demo (POST, while it is open): a session of the demo account"),
    # The installable app (tests/web/test_pwa.py): the browser fetches the
    # manifest and the worker without the session; the offline page shows
    # nothing of an account; the quick log lists the user's own people and kinds.
    "manifest": Public("the web app manifest: the same for everyone, no data"),
    "service_worker": Public("the service worker script: the same for everyone, no data"),
    "offline": Public("the page the worker shows with no signal: nothing of an account"),
    "quick_log": Own(),
    # Signing in: the code step acts on the sign-in waiting in the visitor's own
    # session; a reset link goes only to the address an account confirmed.
    "login_code": Public("the second step of signing in, for the sign-in in this session"),
    "password_reset": Public("asking for a reset link, mailed only to a confirmed address"),
    "password_reset_sent": Public("says a link was sent, to whoever asked in this session"),
    "password_reset_confirm": Elsewhere(
        "tests/mail/test_password_reset.py", "a token for one account, no login"
    ),
    "password_change": Own(),
    # Sign-in and security: only ever the signed-in account's own
    # (tests/accounts/test_two_factor.py, tests/accounts/test_sessions.py).
    "security": Own(),
    "two_factor_setup": Own(),
    "two_factor_off": Own(),
    "recovery_codes": Own(),
    # Logging out one of alice's signed-in sessions (tests/accounts/test_sessions.py too).
    "session_end": Objects(("session",)),
    "sessions_end_others": Own(),
    # People
    "people": Own(),
    "person_new": Own(),
    "person": PERSON,
    "person_edit": PERSON,
    "person_delete": PERSON,
    "person_log": PERSON,
    "person_photo": PERSON,
    "people_suggest": Own(),
    # Import, export, sorting newcomers and duplicates
    "import_upload": Own(),
    "import_preview": Elsewhere("tests/web/test_web_imports.py", "an upload's token"),
    "export": Own(),
    "triage": Elsewhere("tests/web/test_web_triage.py", "a person's id in the form"),
    "triage_rows": Elsewhere("tests/web/test_web_triage.py", "people's ids in the form"),
    "triage_rest": Elsewhere("tests/web/test_web_triage.py", "the user's own newcomers"),
    "triage_undo": Elsewhere("tests/web/test_web_triage.py", "ids kept in the user's own session"),
    "duplicates": Own(),
    "duplicate_compare": Objects(("person", "twin")),
    "duplicate_dismiss": Objects(("person", "twin"), post_only=True),
    "merge_undo": Objects(("merge",), post_only=True),
    # Touches and follow-ups
    "touches": Own(),
    "touch_new": Own(),
    "touch_edit": TOUCH,
    "touch_delete": TOUCH,
    "followups": Own(),
    "followup_new": Own(),
    "followup_edit": FOLLOW_UP,
    "followup_done": FOLLOW_UP,
    "followup_delete": FOLLOW_UP,
    # The agenda acts on item ids looked up in the user's own plan (tests/web/test_web_agenda.py).
    "agenda_done": Own(),
    "agenda_skip": Own(),
    "agenda_swap": Own(),
    "agenda_snooze": Own(),
    "plan": Own(),
    # Settings
    "settings": Own(),
    "send_confirmation": Own(),
    "confirm_email": Elsewhere(
        "tests/mail/test_mail_refused.py", "a signed link for one account and address"
    ),
    "circles": Own(),
    "kinds": Own(),
    # API tokens: the page lists and makes only the signed-in account's own
    # (tests/web/test_web_tokens.py); revoking names one of alice's.
    "api_tokens": Own(),
    "api_token_revoke": Objects(("api_token",), post_only=True),
    # Reminders: settings, the outbox, the calendar feed, links in emails
    "reminders": Own(),
    "outbox": Own(),
    "send_test_email": Own(),
    "outbox_retry": Objects(("outbox",), post_only=True),
    # Dismissing the banner writes only the signed-in account's own row
    # (tests/mail/test_banners.py).
    "notice_dismiss": Own(),
    "calendar_regenerate": Own(),
    "calendar_feed": Elsewhere("tests/reminders/test_calendar_feed.py", "a secret token, no login"),
    "email_action": Elsewhere("tests/web/test_web_email_links.py", "a signed link, no login"),
    "unsubscribe": Elsewhere("tests/web/test_web_email_links.py", "a signed link, no login"),
    # Occasions: coming dates, greetings, card runs, trips, gatherings, labels
    "occasions": Own(),
    "greeting_templates": Own(),
    "greeting_send": Own(),
    "card_runs": Own(),
    "card_run_new": Own(),
    "card_run": Objects(("card_run",)),
    "card_run_sent": Objects(("card_run",)),
    "card_run_csv": Objects(("card_run",)),
    "trips": Own(),
    "trip_new": Own(),
    "trip": Objects(("trip",)),
    "trip_sent": Objects(("trip",)),
    "gatherings": Own(),
    "gathering_new": Own(),
    "gathering": Objects(("gathering",)),
    "gathering_edit": Objects(("gathering",)),
    "gathering_invite": Objects(("gathering",)),
    "gathering_answers": Objects(("gathering",)),
    "labels": Own(),
    # Warm calls: network health, who do I know at, job-hunt mode
    "network_health": Own(),
    "who_do_i_know": Own(),
    "warm_calls": Own(),
    "job_hunt_goal": Own(),
    "call_outcome": Own(),
    "job_hunt_end": Own(),
}
