"""The REST API under ``/api/v1/``: a door like the web and the command line.

Each route reads its input with a schema, calls the same domain services as
the other doors (``contacts.editing.save_person``, ``touches.services``,
``plans.services``, ``warmcalls``, ``imports.pending``…) and writes JSON; it
holds no rule of its own. Built on django-ninja: the schemas that check the
input are the OpenAPI document (``/api/v1/openapi.json``), so the two cannot
drift. ``docs/api.md`` is the guide.
"""
