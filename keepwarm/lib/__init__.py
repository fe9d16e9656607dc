"""The shared library under everything: dates without a year and the words
every door says (pure: no Django, no other keepwarm package)."""
