"""Search reads one owner's people through a covering index on SQLite."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import search_filter
from keepwarm.owned import owned


def test_search_count_reads_only_the_covering_index(alice, jane):
    people = owned(Person, alice).filter(archived=False).filter(search_filter("jane"))
    with CaptureQueriesContext(connection) as queries:
        assert people.count() == 1
    count_sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {count_sql}")
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "COVERING INDEX person_owner_search" in plan
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname = 'person_owner_search'"
            )
            assert cursor.fetchone() == (0,)  # PostgreSQL scans; no b-tree on long text
