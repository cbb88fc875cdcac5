"""The baseline: a bare Flask app with one route returning a small HTML page.

Served under the same gunicorn settings as HRDAP, it gives the ceiling that the machine, gunicorn and
Flask allow; every HRDAP throughput is reported as a ratio to it.
"""
from flask import Flask

app = Flask(__name__)

PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Baseline</title></head>"
        "<body><main><h1>Baseline</h1><p>A small page from a bare Flask app.</p></main></body></html>")


@app.get("/")
def index():
    return PAGE
