"""The vCard parser over real files from other projects' test suites.

The files live in ../shared/corpus/vcard (never copied into the project). The
expected values (``EXPECTED`` in tests/formats/corpus_cards.py) were written
by hand from reading each file.
"""

from __future__ import annotations

import pytest

from keepwarm.formats.records import FormatError
from keepwarm.formats.vcard import parse
from tests import corpus
from tests.formats.corpus_cards import CORPUS, EXPECTED, NOT_VCARD, check, corpus_files, read

pytestmark = pytest.mark.skipif(
    corpus.absent(CORPUS), reason=f"the vCard corpus is not at {CORPUS} (../shared/corpus/vcard)"
)


def test_at_least_97_percent_of_the_corpus_cards_import(capsys):
    imported = total = 0
    lines = []
    for path in corpus_files():
        result = parse(path.read_bytes())
        count = len(result.records) + len(result.skipped)
        imported += len(result.records)
        total += count
        reasons = "; ".join(f"line {s.line}: {s.reason}" for s in result.skipped)
        lines.append(f"{path.relative_to(CORPUS)}: {len(result.records)}/{count} {reasons}")
        for skipped in result.skipped:
            assert skipped.line >= 1
            assert skipped.reason
    with capsys.disabled():
        print("\nvCard corpus, cards imported per file:\n  " + "\n  ".join(lines))
        print(f"  total: {imported}/{total} cards ({imported / total:.1%})")
    assert len(corpus_files()) >= 60
    assert imported / total >= 0.97


@pytest.mark.parametrize("name", sorted(NOT_VCARD))
def test_files_that_are_not_vcards_get_one_clear_error(name):
    with pytest.raises(FormatError, match="is not a vCard file"):
        parse((CORPUS / "ez-vcard" / name).read_bytes())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hand_written_expectations(name):
    check(name, EXPECTED[name])


def test_the_table_covers_at_least_20_files():
    assert len(EXPECTED) >= 20


def test_the_note_keeps_a_line_that_a_soft_break_made_start_with_a_hash():
    (record,) = read("aosp/v21_invalid_comment_line.vcf")
    assert record.notes == (
        "This is an (sharp ->#<- sharp) example. This message must NOT be ignored."
    )
