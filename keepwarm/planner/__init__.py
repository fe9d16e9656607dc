"""The pure planning core: dataclasses in, plans out. No Django, no I/O, no clock."""
