"""Forms of sign-up, sign-in, two-factor and password changes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from hrdap.auth.passwords import MAX_LENGTH, MIN_LENGTH
from hrdap.forms import CleanText, strip_filter
from hrdap.i18n import LANGUAGES, time_zone_choices, valid_time_zone

_EMAIL = [DataRequired(), Length(max=254), CleanText(), Email(message=_l("Enter a valid email address."))]
_NEW_PASSWORD_HELP = _l("At least %(min)d characters. A sentence you can remember is a good choice.",
                        min=MIN_LENGTH)


def _time_zone_check(form, field):
    if not valid_time_zone(field.data or ""):
        raise ValidationError(_l("Choose a time zone from the list."))


class SignUpForm(FlaskForm):
    email = EmailField(_l("Email"), validators=_EMAIL, filters=[strip_filter])
    display_name = StringField(_l("Name or pseudonym"), validators=[DataRequired(), Length(max=100), CleanText()],
                               filters=[strip_filter],
                               description=_l("You may use a pseudonym. Staff will see this name."))
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             description=_NEW_PASSWORD_HELP)
    language = SelectField(_l("Language"), choices=list(LANGUAGES.items()))
    time_zone = SelectField(_l("Time zone"), default="Europe/Zurich", validate_choice=False,
                            validators=[_time_zone_check])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = time_zone_choices()


class SignInForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), CleanText()],
                       filters=[strip_filter])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    next = HiddenField()


class TwoFactorForm(FlaskForm):
    code = StringField(_l("Code from your authenticator app, or a recovery code"),
                       validators=[DataRequired(), Length(max=20), CleanText()], filters=[strip_filter],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text"})


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=_EMAIL, filters=[strip_filter])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             description=_NEW_PASSWORD_HELP)
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


class ConfirmForm(FlaskForm):
    """A form with only its CSRF token: a button that confirms an action."""
