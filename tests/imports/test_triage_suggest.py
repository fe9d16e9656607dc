"""Which circle is suggested for a newcomer of an import, and why: pure, no database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from keepwarm.imports.suggest import OUT, Circle, Facts, Known, suggest

CLOSE, CORE, WIDE = Circle(1, "Close", 12), Circle(2, "Core", 7), Circle(3, "Wide", 3)
CIRCLES = (CLOSE, CORE, WIDE)


def place(facts: Facts, default: int | None = CORE.id):
    found = suggest(facts, CIRCLES, default)
    return None if found is None else found.place


def test_nothing_known_suggests_nothing():
    assert suggest(Facts(), CIRCLES, CORE.id) is None


def test_touches_logged_suggest_the_circle_whose_target_is_nearest():
    assert place(Facts(touches=1)) == WIDE.id
    assert place(Facts(touches=5)) == CORE.id  # as near Core (7) as Wide (3): the closer
    assert place(Facts(touches=8)) == CORE.id
    assert place(Facts(touches=11)) == CLOSE.id
    found = suggest(Facts(touches=11), CIRCLES, CORE.id)
    assert found is not None and found.reasons == ("11 touches logged in the last year",)


def test_a_circle_that_aims_at_nothing_is_never_the_nearest():
    nobody = Circle(4, "Archive", 0)
    assert suggest(Facts(touches=1), (*CIRCLES, nobody)).place == WIDE.id


def test_a_relative_already_sorted_suggests_their_circle():
    tom = Known("Tom Keller", CLOSE.id, "Tom Keller\u2019s spouse")
    found = suggest(Facts(relatives=(tom,)), CIRCLES)
    assert found is not None and found.place == CLOSE.id
    assert found.reasons == ("Tom Keller\u2019s spouse (Close)",)


def test_a_family_name_suggests_the_place_most_of_the_family_has():
    family = (Known("Tom Keller", WIDE.id), Known("Eva Keller", CORE.id), Known("Ida", CORE.id))
    found = suggest(Facts(family_name="Keller", family=family), CIRCLES)
    assert found is not None and found.place == CORE.id
    assert found.reasons == ("Family name Keller, like Eva Keller (Core) and 1 more",)


def test_a_tie_goes_to_the_closer_circle():
    family = (Known("Tom Keller", WIDE.id), Known("Eva Keller", CLOSE.id))
    assert place(Facts(family_name="Keller", family=family)) == CLOSE.id


def test_colleagues_weigh_less_than_family():
    facts = Facts(
        family_name="Keller",
        family=(Known("Tom Keller", CLOSE.id),),
        company="Acme",
        colleagues=(Known("Bo Li", WIDE.id),),
    )
    assert place(facts) == CLOSE.id
    colleagues_only = Facts(company="Acme", colleagues=(Known("Bo Li", WIDE.id),))
    found = suggest(colleagues_only, CIRCLES)
    assert found is not None and found.reasons == ("Works at Acme, like Bo Li (Wide)",)


def test_what_agrees_adds_up_against_a_stronger_single_sign():
    facts = Facts(
        touches=3,  # Wide, 3
        company="Acme",
        colleagues=(Known("Bo Li", CORE.id),),  # Core, 1
        family_name="Li",
        family=(Known("Bo Li", CORE.id),),  # Core, 2
        sources=2,  # the default, Core, 1
    )
    found = suggest(facts, CIRCLES, CORE.id)
    assert found is not None and found.place == CORE.id and found.weight == 4
    assert len(found.reasons) == 3


def test_someone_in_several_imports_is_suggested_for_the_default_circle():
    found = suggest(Facts(sources=2), CIRCLES, CORE.id)
    assert found is not None and found.place == CORE.id
    assert found.reasons == ("In 2 of your imports",)
    assert suggest(Facts(sources=2), CIRCLES, None) is None


def test_an_organisation_nobody_touched_is_suggested_out_of_the_network():
    found = suggest(Facts(organisation=True), CIRCLES)
    assert found is not None and found.out and found.place == OUT
    assert place(Facts(organisation=True, touches=2)) == WIDE.id


def test_family_set_aside_suggests_setting_aside():
    family = (Known("Tom Keller", OUT), Known("Eva Keller", OUT))
    assert place(Facts(family_name="Keller", family=family)) == OUT


def test_a_known_place_that_is_not_a_circle_of_the_user_is_ignored():
    assert suggest(Facts(family_name="K", family=(Known("Tom", 99),)), CIRCLES) is None


known = st.builds(Known, st.text(max_size=5), st.sampled_from([1, 2, 3, 99, OUT]))
facts = st.builds(
    Facts,
    touches=st.integers(0, 400),
    relatives=st.tuples(known) | st.just(()),
    family=st.lists(known, max_size=4).map(tuple),
    colleagues=st.lists(known, max_size=4).map(tuple),
    sources=st.integers(1, 5),
    organisation=st.booleans(),
)


@given(facts, st.sampled_from([None, 1, 2, 3]))
def test_a_suggestion_is_a_circle_or_out_with_its_reasons_and_always_the_same(facts, default):
    found = suggest(facts, CIRCLES, default)
    assert found == suggest(facts, CIRCLES, default)
    if found is not None:
        assert found.place in {1, 2, 3, OUT} and found.reasons and found.weight > 0
