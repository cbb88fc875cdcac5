"""The home page and the signed-in dashboard."""
from __future__ import annotations

from flask import Blueprint, render_template

from hrdap.security import public

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def home():
    """Present the programme to anyone, without an account."""
    return render_template("home.html")


@bp.get("/dashboard")
def dashboard():
    """What a signed-in person can do now, by role."""
    return render_template("dashboard.html")


@bp.get("/privacy")
@public
def privacy():
    """What the platform collects and why."""
    return render_template("privacy.html")
