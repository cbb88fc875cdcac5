"""WSGI entry point: ``gunicorn wsgi:app``."""
from hrdap import create_app

app = create_app()
