"""Personal names: split a written name into parts and put parts back together."""

from __future__ import annotations

from dataclasses import dataclass

from nameparser import HumanName


@dataclass(frozen=True)
class NameParts:
    prefix: str = ""
    given: str = ""
    additional: str = ""
    family: str = ""
    suffix: str = ""
    nickname: str = ""

    def full(self) -> str:
        """The name as one would write it: "Dr. Jane A. Doe Jr."."""
        words = [self.prefix, self.given, self.additional, self.family, self.suffix]
        return " ".join(w.strip() for w in words if w.strip())

    def initials(self) -> str:
        """The first letters of the given and the family name, for an avatar:
        "Dr. John Q. Public Sr." is "JP", never a title's or a suffix's."""
        firsts = (next((c for c in part if c.isalpha()), "") for part in (self.given, self.family))
        return "".join(firsts).upper()


def split_name(text: str) -> NameParts:
    """Parts of a written name, e.g. ``"Dr. Juan de la Vega III"``.

    Commas mean "Family, Given" as in address books; a name in quotes or
    parentheses is taken as the nickname.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return NameParts()
    name = HumanName(cleaned)
    return NameParts(
        prefix=str(name.title),
        given=str(name.first),
        additional=str(name.middle),
        family=str(name.last),
        suffix=str(name.suffix),
        nickname=str(name.nickname),
    )
