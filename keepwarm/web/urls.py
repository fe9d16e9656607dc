"""Every URL of the web interface. Each view module owns one feature."""

from django.urls import path

from keepwarm.web.views import (
    accounts,
    agenda,
    calendar,
    duplicates,
    followups,
    home,
    imports,
    outbox,
    people,
    person_form,
    preferences,
    reminders,
    touches,
)

urlpatterns = [
    # Home, welcome and accounts
    path("", home.home, name="home"),
    path("signup/", accounts.signup, name="signup"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path("demo/", accounts.explore_demo, name="demo"),
    path("settings/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    # People
    path("people/", people.people_list, name="people"),
    path("people/new/", person_form.person_new, name="person_new"),
    # Import, export and duplicates
    path("people/import/", imports.import_upload, name="import_upload"),
    path("people/import/<str:token>/", imports.import_preview, name="import_preview"),
    path("people/export/", imports.export_people, name="export"),
    path("people/duplicates/", duplicates.duplicate_list, name="duplicates"),
    path(
        "people/duplicates/<int:first>/<int:second>/",
        duplicates.duplicate_compare,
        name="duplicate_compare",
    ),
    path(
        "people/duplicates/<int:first>/<int:second>/dismiss/",
        duplicates.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
    path("people/merges/<int:pk>/undo/", duplicates.merge_undo, name="merge_undo"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", person_form.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", person_form.person_delete, name="person_delete"),
    path("people/<int:pk>/log/", people.person_quick_log, name="person_log"),
    path("people/<int:pk>/photo/", people.person_photo, name="person_photo"),
    # Touches and follow-ups
    path("touches/", touches.touch_list, name="touches"),
    path("touches/new/", touches.touch_new, name="touch_new"),
    path("touches/<int:pk>/edit/", touches.touch_edit, name="touch_edit"),
    path("touches/<int:pk>/delete/", touches.touch_delete, name="touch_delete"),
    path("people/suggest/", touches.people_suggest, name="people_suggest"),
    path("follow-ups/", followups.followup_list, name="followups"),
    path("follow-ups/new/", followups.followup_new, name="followup_new"),
    path("follow-ups/<int:pk>/edit/", followups.followup_edit, name="followup_edit"),
    path("follow-ups/<int:pk>/done/", followups.followup_done, name="followup_done"),
    path("follow-ups/<int:pk>/delete/", followups.followup_delete, name="followup_delete"),
    # The agenda's actions and the plan
    path("agenda/done/", agenda.agenda_done, name="agenda_done"),
    path("agenda/skip/", agenda.agenda_skip, name="agenda_skip"),
    path("agenda/swap/", agenda.agenda_swap, name="agenda_swap"),
    path("agenda/snooze/", agenda.agenda_snooze, name="agenda_snooze"),
    path("plan/", agenda.plan_page, name="plan"),
    # Settings
    path("settings/", preferences.settings_view, name="settings"),
    path("settings/circles/", preferences.circles, name="circles"),
    path("settings/kinds/", preferences.kinds, name="kinds"),
    # Reminders: settings, the outbox, the calendar feed, links in emails
    path("settings/reminders/", reminders.reminder_settings, name="reminders"),
    path("settings/outbox/", outbox.outbox, name="outbox"),
    path("settings/outbox/test/", outbox.send_test_email, name="send_test_email"),
    path("settings/outbox/<int:pk>/retry/", outbox.outbox_retry, name="outbox_retry"),
    path("settings/calendar/regenerate/", calendar.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("e/<str:signed>/", reminders.email_action, name="email_action"),
    path("unsubscribe/<str:signed>/", reminders.unsubscribe, name="unsubscribe"),
]
