import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keepwarm.settings")
application = get_wsgi_application()

# A web server makes each user's new plan as soon as a change is committed, so
# the next page does not wait for it (docs/architecture.md, "The cached plan").
from keepwarm.planning.services import plan_ahead  # noqa: E402 - needs Django set up

plan_ahead()
