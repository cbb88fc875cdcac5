"""Error pages: a clear message and the right status, never a stack trace."""
from __future__ import annotations

import logging

from flask import Flask, current_app, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Go back and try again."),
        403: _("You are not allowed to do that."),
        404: _("This page does not exist, or you do not have access to it."),
        405: _("This page does not accept that kind of request."),
        413: _("What you sent is too large."),
        429: _("Too many requests. Wait a minute and try again."),
        500: _("Something went wrong on our side. What you had already saved is kept; "
               "please try again in a moment."),
    }


def render_error(code: int, message: str | None = None):
    """Render the error page for ``code``."""
    return render_template("errors/error.html", code=code,
                           message=message or _messages().get(code, _messages()[400])), code


def unexpected(err: Exception):
    """Any other exception: a 500 page, and a log of the type only (its text may carry what a person
    typed, or SQL parameters). More specific handlers that decline an error hand it here."""
    if current_app.testing and not current_app.config.get("HRDAP_TEST_ERROR_PAGES"):
        raise err  # tests see the real failure
    log.error("unhandled %s", type(err).__name__, exc_info=current_app.debug)
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(err):
        return render_error(400, _("This form has expired or did not come from this site. "
                                   "Go back, reload the page and send it again."))

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if err.code is None or err.code < 400:
            return err
        return render_error(err.code)

    app.register_error_handler(Exception, unexpected)
