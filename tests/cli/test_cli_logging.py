"""The CLI's logging: libraries say only their warnings; keepwarm's own loggers
keep KEEPWARM_LOG_LEVEL. Run in fresh interpreters: logging is set up once,
when a command first loads Django (the test process set Django up itself)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PASSWORD = "correct horse battery staple\n"

LOG_LINES = """
import logging
from keepwarm.cli.app import setup_django
setup_django()
logging.getLogger("fontTools.subset").info("library info")
logging.getLogger("django.db.backends").info("library info too")
logging.getLogger("somelib").debug("library debug")
logging.getLogger("somelib").warning("library warning")
logging.getLogger("keepwarm.reminders.worker").info("our info")
logging.getLogger("keepwarm.occasions").warning("our warning")
"""


def environment(data_dir, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KEEPWARM_USER")}
    return {**env, "KEEPWARM_DATA_DIR": str(data_dir), **extra}


def keepwarm(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "keepwarm", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_labels_print_no_font_library_chatter(tmp_path):
    env = environment(tmp_path)
    made = keepwarm("createuser", "zed", "--password-stdin", env=env, stdin=PASSWORD)
    assert made.returncode == 0, made.stderr
    target = tmp_path / "return.pdf"
    result = keepwarm(
        "labels", "--return-address", "Zed Zimmer|1 Main St|Springfield, IL 62704",
        "--sheet", "avery5160", "-o", str(target), env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote 30 labels (Avery 5160)")
    assert result.stderr == ""


def run_log_lines(tmp_path, **extra: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", LOG_LINES],
        capture_output=True,
        text=True,
        env=environment(tmp_path, **extra),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_libraries_say_only_warnings_and_keepwarm_keeps_its_level(tmp_path):
    said = run_log_lines(tmp_path)
    assert "library info" not in said and "library debug" not in said
    assert "WARNING somelib: library warning" in said
    assert "INFO keepwarm.reminders.worker: our info" in said
    assert "WARNING keepwarm.occasions: our warning" in said


@pytest.mark.parametrize(
    ("level", "shown", "hidden"),
    [
        ("WARNING", ["library warning", "our warning"], ["our info", "library info"]),
        ("ERROR", [], ["library warning", "our warning", "our info"]),
        ("DEBUG", ["library info", "library debug", "our info"], []),
    ],
)
def test_the_log_level_setting_still_applies(tmp_path, level, shown, hidden):
    said = run_log_lines(tmp_path, KEEPWARM_LOG_LEVEL=level)
    for text in shown:
        assert text in said
    for text in hidden:
        assert text not in said
