"""Languages and time zones: the account setting, then the switcher, then the browser."""
from __future__ import annotations

from zoneinfo import ZoneInfo, available_timezones

from flask import Blueprint, Flask, redirect, request, session
from flask_babel import format_datetime, get_locale, get_timezone, lazy_gettext as _l
from flask_login import current_user

from hrdap.extensions import db
from hrdap.security import public, safe_next

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}
GENEVA = ZoneInfo("Europe/Zurich")

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The account's language, else the switcher's choice, else the browser's best match."""
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def select_timezone() -> str:
    """The account's time zone, else Geneva's (the programme's own)."""
    if current_user and current_user.is_authenticated and current_user.time_zone:
        return current_user.time_zone
    return session.get("tz") or "Europe/Zurich"


def valid_time_zone(name: str) -> bool:
    """True for an IANA time zone name."""
    return name in _zones()


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def time_zone_choices() -> list[tuple[str, str]]:
    """Sorted (value, label) pairs of time zones for a select field."""
    return [(z, z.replace("_", " ")) for z in sorted(_zones()) if "/" in z and not z.startswith("Etc/")]


def in_geneva(moment) -> str:
    """A datetime as Geneva time, in the reader's language."""
    return format_datetime(moment.astimezone(GENEVA), "medium", rebase=False) + " " + str(_l("(Geneva)"))


@bp.post("/language")
@public
def set_language():
    """The language switcher: a plain form post, so it works without JavaScript."""
    lang = request.form.get("lang", "")
    if lang not in LANGUAGES:
        from hrdap.errors import render_error
        return render_error(400, str(_l("This language is not available. Choose English, French or Spanish.")))
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.language = lang
        db.session.commit()
    return redirect(safe_next(request.form.get("next"), "main.home"), 303)


def _settle_locale() -> None:
    get_locale()
    get_timezone()


def init_app(app: Flask) -> None:
    """Register the switcher and template helpers."""
    app.register_blueprint(bp)
    # Settle the language and time zone as soon as the person is known: later, after a commit has
    # expired the account's attributes, asking again would reload the account from the database.
    app.before_request(_settle_locale)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, in_geneva=in_geneva,
                                 current_locale=lambda: str(get_locale() or "en"))
