"""The coverage-guided fuzzer runs over every parser for a few thousand inputs.

Longer runs: ``python fuzz/parsers.py -max_total_time=600 fuzz/seeds``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from keepwarm.formats import vcard

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"


def test_the_parsers_survive_thousands_of_fuzzed_inputs(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(FUZZ / "seeds", seeds)
    result = subprocess.run(
        [sys.executable, str(FUZZ / "parsers.py"), "-runs=3000", "-seed=1", str(seeds)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done 3000 runs" in result.stderr


def test_a_charset_with_a_nul_byte_is_read_as_utf8():
    # Found by the fuzzer: Python refuses to look up a codec whose name holds a NUL.
    card = b"BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8\x00:M=C3=BCller\nEND:VCARD\n"
    (record,) = vcard.parse(card).records
    assert record.family_name == "M=C3=BCller"
