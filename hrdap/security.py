"""Security headers, deny-by-default access, role checks and safe redirects."""
from __future__ import annotations

import functools
from typing import Callable
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from hrdap.auth.models import Role

CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'; img-src 'self' data:")

#: Endpoints a person may use before setting up two-factor when their role requires it.
_TWO_FACTOR_SETUP_ENDPOINTS = {"account.two_factor", "auth.sign_out", "i18n.set_language", "static"}


def public(view: Callable) -> Callable:
    """Mark a view as reachable without signing in. Everything else requires an account."""
    view.hrdap_public = True  # type: ignore[attr-defined]
    return view


def roles_required(*roles: Role) -> Callable:
    """Allow the view only to accounts holding one of ``roles``; others get a 404, as if absent."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or not current_user.has_role(*roles):
                _record_refusal()
                abort(404)
            return view(*args, **kwargs)

        wrapped.hrdap_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _record_refusal() -> None:
    """A signed-in person reached a page their role does not allow: keep a trace (no content)."""
    if not current_user.is_authenticated:
        return
    from hrdap.audit.services import record
    from hrdap.extensions import db

    record(current_user, "access.refused", "route", None, detail=(request.endpoint or "")[:200])
    db.session.commit()


def is_safe_next(target: str | None) -> bool:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and all(ord(ch) >= 32 for ch in target)


def safe_next(target: str | None, default: str = "main.dashboard") -> str:
    """``target`` if it is a local path, else the URL of ``default``."""
    return target if is_safe_next(target) else url_for(default)


def _enforce_access():
    if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
        abort(404)  # a NUL byte is never part of a real address (and PostgreSQL refuses it)
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "hrdap_public", False):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    if current_user.needs_two_factor and not current_user.two_factor_enabled \
            and request.endpoint not in _TWO_FACTOR_SETUP_ENDPOINTS:
        return redirect(url_for("account.two_factor"))
    return None


def _set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if current_app.config.get("HRDAP_HTTPS"):
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint != "static":
        # Pages may hold personal data: never keep them in a shared computer's cache.
        headers["Cache-Control"] = "no-store"
    else:
        headers.setdefault("Cache-Control", "public, max-age=86400")
    return response


def init_app(app: Flask) -> None:
    """Install access control and headers on every request."""
    app.before_request(_enforce_access)
    app.after_request(_set_headers)
