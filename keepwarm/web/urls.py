"""Every URL of the web interface. Each view module owns one feature."""

from django.urls import path

from keepwarm.web.views import (
    accounts,
    agenda,
    followups,
    home,
    people,
    person_form,
    preferences,
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
]
