"""Mail: the outbox every email goes through (``outbox``), the account's own
emails (``account_mail``), signed links (``links``), each user's reminder
settings and the worker's health (``models``, ``health``). The apps above send
through it and register what happens once their messages went out
(``outbox.when_sent``)."""
