"""Reminders that read the plan: the weekly digest and the daily email
(``digest``, ``content``), the calendar feed (``calendar``), what a signed email
link does (``actions``) and the worker that runs them (``worker``). They send
through the outbox of ``keepwarm.mail``, below them in the stack."""
