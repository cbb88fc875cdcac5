"""What a person reads when an account action is refused."""
from flask_babel import lazy_gettext as _l

from hrdap.auth.passwords import MAX_LENGTH, MIN_LENGTH

MESSAGES = {
    "too_short": _l("Use at least %(min)d characters.", min=MIN_LENGTH),
    "too_long": _l("Use at most %(max)d characters.", max=MAX_LENGTH),
    "too_common": _l("This password is too common: choose another one."),
    "bad_credentials": _l("That email and password do not match an account. Check them and try again."),
    "unconfirmed": _l("Confirm your email address first: we have sent you a new link."),
    "throttled": _l("Too many attempts. Wait %(seconds)d seconds and try again, or reset your password."),
    "invalid_link": _l("This link has expired or has already been used. Ask for a new one."),
    "wrong_current_password": _l("Your current password is not correct."),
    "bad_code": _l("That code is not valid. Codes work once; wait for the next one."),
}


def message(code: str, **params) -> str:
    """The translated message for an AuthError code."""
    text = MESSAGES.get(code, _l("That did not work. Please try again."))
    return str(text) % params if params else str(text)
