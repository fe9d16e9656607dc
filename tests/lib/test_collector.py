"""The process's garbage collector set by several holders at once
(``lib.collector``): the first changes it, the last puts it back, in any order."""

from __future__ import annotations

import gc
import itertools
from contextlib import ExitStack

import pytest

from keepwarm.lib import collector


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_pauses_that_overlap_end_with_the_collector_on(order):
    assert gc.isenabled()
    holders = [ExitStack() for _ in range(3)]
    for stack in holders:
        stack.enter_context(collector.paused())
        assert not gc.isenabled()
    for done, n in enumerate(order, 1):
        holders[n].close()
        assert gc.isenabled() == (done == len(holders))


def test_a_pause_inside_an_import_and_out_again_restores_both():
    before = gc.get_threshold()
    with collector.fewer_collections(before[0] + 1000):
        raised = gc.get_threshold()
        assert raised[0] == before[0] + 1000
        with collector.paused():
            assert not gc.isenabled() and gc.get_threshold() == raised
        assert gc.isenabled()
    assert gc.get_threshold() == before


def test_a_collector_switched_off_by_its_owner_stays_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
