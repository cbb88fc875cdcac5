"""WSGI entry point: ``gunicorn wsgi:app``.

A web worker does not load the migration tooling (run ``hrdap db upgrade`` from the command line).
"""
from hrdap import create_app

app = create_app({"HRDAP_WEB_WORKER": True})
