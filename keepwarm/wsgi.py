import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keepwarm.settings")
application = get_wsgi_application()

# A web server makes each user's new plan as soon as a change is committed, so
# the next page does not wait for it (docs/architecture.md, "The cached plan").
from keepwarm.plans.services import plan_ahead  # noqa: E402 - needs Django set up

plan_ahead()

# The garbage collector: a server keeps each recent user's people and plan (a
# few hundred thousand objects at 10,000 people), which every full collection
# walks, 0.1-0.2 s each; at Python's default thresholds one came every ten or so
# page views, the slowest tenth of them. Collecting the young generation after
# 10,000 allocations instead of 700 makes full collections rare (p95 of home,
# people and plan pages 182 ms -> 78 ms in one process, RSS unchanged), and
# what was loaded at start-up (Django, the app) is left out of them for good.
gc.set_threshold(10_000, 10, 10)
gc.freeze()
