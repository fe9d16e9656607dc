"""keepwarm's tests. What tests share lives in the conftest.py files (fixtures)
and in support modules, whose names do not start with ``test_``: pytest
rewrites their asserts as it does a test's, so a helper's failed check shows
the values it compared."""

from pathlib import Path

import pytest

HERE = Path(__file__).parent

pytest.register_assert_rewrite(
    *(
        ".".join(("tests", *path.relative_to(HERE).with_suffix("").parts))
        for path in sorted(HERE.rglob("*.py"))
        if not path.name.startswith(("test_", "conftest", "__init__"))
    )
)
