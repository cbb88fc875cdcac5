"""Forms of the account page."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from hrdap.auth.forms import _NEW_PASSWORD_HELP, _time_zone_check
from hrdap.auth.passwords import MAX_LENGTH
from hrdap.forms import CleanText, strip_filter
from hrdap.i18n import LANGUAGES, time_zone_choices


class SettingsForm(FlaskForm):
    display_name = StringField(_l("Name or pseudonym"), validators=[DataRequired(), Length(max=100), CleanText()],
                               filters=[strip_filter])
    language = SelectField(_l("Language"), choices=list(LANGUAGES.items()))
    time_zone = SelectField(_l("Time zone"), validate_choice=False, validators=[_time_zone_check])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = time_zone_choices()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             description=_NEW_PASSWORD_HELP)
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


class EnableTwoFactorForm(FlaskForm):
    code = StringField(_l("The 6-digit code your app shows now"),
                       validators=[DataRequired(), Length(max=10), CleanText()], filters=[strip_filter],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class PasswordCheckForm(FlaskForm):
    """Asks for the password again before a sensitive change."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
