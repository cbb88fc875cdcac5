"""Forms of live sessions: scheduling (Geneva date and time), follow-up, questions."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from hrdap.forms import CleanText, strip_filter
from hrdap.live.services import MAX_MINUTES, MAX_QUESTION, MIN_MINUTES, SessionData, is_https_url

QUESTION_LANGUAGE_CHOICES = [("en", _l("English")), ("fr", _l("French")), ("es", _l("Spanish"))]


class SessionForm(FlaskForm):
    """Staff schedule or change a session."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), CleanText()],
                        filters=[strip_filter])
    expert = StringField(_l("Expert"), validators=[DataRequired(), Length(max=200), CleanText()],
                         filters=[strip_filter], description=_l("Name and role, as the expert agreed to be named."))
    day = DateField(_l("Date (Geneva)"), validators=[DataRequired(message=_l("Enter a date."))])
    at = TimeField(_l("Start time (Geneva)"), validators=[DataRequired(message=_l("Enter a time, e.g. 15:00."))],
                   description=_l("Geneva time (Europe/Zurich), summer time included. Participants also see it "
                                  "in their own time zone."))
    duration_minutes = IntegerField(
        _l("Duration in minutes"), default=60,
        validators=[InputRequired(message=_l("Enter a number of minutes.")),
                    NumberRange(min=MIN_MINUTES, max=MAX_MINUTES,
                                message=_l("A session lasts between %(min)d and %(max)d minutes."))])
    joining_instructions = TextAreaField(
        _l("Joining instructions"), validators=[Optional(), Length(max=2000), CleanText(multiline=True)],
        description=_l("Meeting link, passcode, dial-in. Only the cohort and staff see them."))
    data_note = TextAreaField(
        _l("What personal data the video service will see"),
        validators=[DataRequired(), Length(max=2000), CleanText(multiline=True)],
        description=_l("For example: the name you type, your IP address unless you use Tor or a VPN, "
                       "your voice and video if switched on. Say whether the session is recorded."))

    def session_data(self) -> SessionData:
        """The values as the service takes them."""
        return SessionData(title=self.title.data, expert=self.expert.data, day=self.day.data, at=self.at.data,
                           duration_minutes=self.duration_minutes.data,
                           joining_instructions=self.joining_instructions.data or "",
                           data_note=self.data_note.data or "")


def _https_only(form, field):
    if field.data and not is_https_url(field.data):
        raise ValidationError(_l("Give a full link starting with https://"))


class FollowUpForm(FlaskForm):
    """After the session: notes and a recording link."""

    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=10000), CleanText(multiline=True)])
    recording_url = StringField(_l("Recording link (https)"), validators=[Optional(), Length(max=500), _https_only],
                                filters=[strip_filter])


class QuestionForm(FlaskForm):
    """A question sent in advance."""

    language = RadioField(_l("Language of your question"), choices=QUESTION_LANGUAGE_CHOICES, default="en",
                          validators=[InputRequired(message=_l("Choose English, French or Spanish."))])
    text = TextAreaField(_l("Your question"), validators=[DataRequired(message=_l("Write your question.")),
                                                          Length(max=MAX_QUESTION), CleanText(multiline=True)],
                         filters=[strip_filter],
                         description=_l("Other members of your cohort and the expert will read it, without your "
                                        "name. Do not include details that could put anyone at risk."))
