"""Coverage-guided fuzzing of every file parser: the only error they may raise
is ``FormatError``, with a message for the user.

    python fuzz/parsers.py -max_total_time=60          # a minute of fuzzing
    python fuzz/parsers.py -runs=5000 fuzz/seeds        # what the test suite runs

Seeds are small made-up files in ``fuzz/seeds``; point it at the real files
in ``../shared/corpus`` as extra seed folders for deeper runs.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from keepwarm.formats import csvfiles, touchlog, vcard
    from keepwarm.formats.records import FormatError


def one_input(data: bytes) -> None:
    for parse in (vcard.parse, csvfiles.parse, touchlog.parse_touches):
        try:
            parse(data)
        except FormatError as exc:
            if not str(exc).strip():
                raise AssertionError(f"{parse.__module__}: a FormatError without text") from exc
    touchlog.is_touch_log(data)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
