"""Running keepwarm's command line in the test's process, as a user (``run``)."""

from __future__ import annotations

from click.testing import CliRunner

from keepwarm.cli import cli


def run(*args: str, user: str = "alice", **kwargs):
    return CliRunner().invoke(cli, ["--user", user, *args], **kwargs)
