"""Forms of cohort management and the Geneva weeks."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from hrdap.forms import CleanText, strip_filter

ACTIVITY_KINDS = [("meeting", _l("Meeting with a State or the UN")), ("side_event", _l("Side event")),
                  ("statement", _l("Oral or written statement")), ("other", _l("Other"))]
ACTIVITY_STATUSES = [("planned", _l("Planned")), ("confirmed", _l("Confirmed")), ("done", _l("Done")),
                     ("cancelled", _l("Cancelled"))]


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), CleanText()], filters=[strip_filter])
    course_id = SelectField(_l("Course"), coerce=int)
    call_id = SelectField(_l("Call for applications (its accepted applicants are enrolled)"), coerce=int)
    starts_on = DateField(_l("First day of week 1"), validators=[DataRequired()])
    capacity = IntegerField(_l("Capacity"), default=16, validators=[DataRequired(), NumberRange(min=1, max=200)])
    hrc_session = StringField(_l("Human Rights Council session of the Geneva weeks (e.g. HRC60)"),
                              validators=[Optional(), Length(max=40), CleanText()], filters=[strip_filter])
    hrc_starts_on = DateField(_l("Session opens on"), validators=[Optional()])
    hrc_ends_on = DateField(_l("Session closes on"), validators=[Optional()])


class EnrolForm(FlaskForm):
    email = EmailField(_l("Email of the person to enrol"),
                       validators=[DataRequired(), Length(max=254), Email(), CleanText()], filters=[strip_filter])


class CoachForm(FlaskForm):
    coach_id = SelectField(_l("Coach"), coerce=int)


class ActivityForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=ACTIVITY_KINDS)
    title = StringField(_l("What and with whom"), validators=[DataRequired(), Length(max=300), CleanText()],
                        filters=[strip_filter])
    planned_on = DateField(_l("Date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=ACTIVITY_STATUSES)


class AnonymiseForm(FlaskForm):
    """The confirmation of an anonymisation: the cohort's name typed again (works without JavaScript)."""

    cohort_name = StringField(_l("Type the name of the cohort to confirm"),
                              validators=[DataRequired(), Length(max=120), CleanText()], filters=[strip_filter])

    def __init__(self, *args, expected_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_name = expected_name

    def validate_cohort_name(self, field):
        def same(text: str) -> str:
            return " ".join(text.split()).casefold()

        if same(field.data or "") != same(self.expected_name):
            raise ValidationError(_l("This is not the name of the cohort. Nothing has been changed."))
