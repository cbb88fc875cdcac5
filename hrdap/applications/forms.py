"""Forms of staff (calls, reviews, decisions, extensions, filters) and of account deletion.

The applicant's own form, step by step, is in steps.py.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, IntegerField, PasswordField, RadioField, SelectField,
                     StringField, TextAreaField, TimeField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from hrdap.applications import choices as c
from hrdap.forms import CleanText, strip_filter

_GENEVA_DAY = _l("Date in Geneva.")
_GENEVA_TIME = _l("Optional. Leave empty for midnight at the end of that day, Geneva time. "
                  "A time given is the first moment when applications are no longer accepted.")


class CallForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), CleanText()],
                       filters=[strip_filter], description=_l("For example HRDAP 2027."))
    reference_prefix = StringField(_l("Reference prefix"), validators=[
        Optional(), Length(max=12), Regexp(r"^[A-Z0-9]+$", message=_l("Capital letters and digits only."))],
        filters=[strip_filter], description=_l("Optional: references look like HRDAP27-0042. Derived from the name if empty."))
    description = TextAreaField(_l("Description (Markdown)"), validators=[Length(max=20000), CleanText(multiline=True)])
    eligibility = TextAreaField(_l("Who can apply (Markdown)"), validators=[Length(max=10000), CleanText(multiline=True)])
    offer = TextAreaField(_l("What the programme offers and costs (Markdown)"),
                          validators=[Length(max=10000), CleanText(multiline=True)])
    opens_on = DateField(_l("Opens on"), validators=[DataRequired(message=_l("Enter a date."))], description=_GENEVA_DAY)
    opens_time = TimeField(_l("Opening time"), validators=[Optional()],
                           description=_l("Optional. Leave empty to open at the start of that day, Geneva time."))
    closes_on = DateField(_l("Deadline: last day"), validators=[DataRequired(message=_l("Enter a date."))],
                          description=_GENEVA_DAY)
    closes_time = TimeField(_l("Deadline time"), validators=[Optional()], description=_GENEVA_TIME)
    capacity = IntegerField(_l("Places"), default=16, validators=[InputRequired(), NumberRange(min=1, max=500)])
    programme_pdf = FileField(_l("Programme description (PDF, optional)"),
                              description=_l("A PDF of at most 1.5 MB. Leave empty to keep the current one."))


class ReviewForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Length(max=5000), CleanText(multiline=True)])

    def scores(self) -> dict[str, int]:
        """The score per criterion."""
        return {key: int(self[f"score_{key}"].data) for key in c.CRITERIA}

    def criteria_fields(self) -> list:
        """The score fields, in rubric order."""
        return [self[f"score_{key}"] for key in c.CRITERIA]


# One 1–5 choice per rubric criterion, added in rubric order (WTForms keeps creation order).
for _key, _label in c.CRITERIA.items():
    setattr(ReviewForm, f"score_{_key}", RadioField(_label, choices=[(str(n), str(n)) for n in range(1, 6)],
                                                    validators=[InputRequired(message=_l("Give a score from 1 to 5."))]))


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[("accepted", _l("Accept")), ("waitlisted", _l("Waiting list")),
                                                   ("declined", _l("Decline"))],
                          validators=[InputRequired(message=_l("Choose a decision."))])


class ExtensionForm(FlaskForm):
    reference = StringField(_l("Reference of one application (leave empty to extend for everyone)"),
                            validators=[Optional(), Length(max=24), CleanText()], filters=[strip_filter])
    closes_on = DateField(_l("New deadline: last day"), validators=[DataRequired(message=_l("Enter a date."))],
                          description=_GENEVA_DAY)
    closes_time = TimeField(_l("New deadline time"), validators=[Optional()], description=_GENEVA_TIME)


class FilterForm(FlaskForm):
    """The filters of the staff list: a GET form that changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[("", _l("Any"))] + [
        (k, v) for k, v in c.STATUSES.items() if k != "draft"], validate_choice=False)
    region = SelectField(_l("Region"), choices=[("", _l("Any"))] + c.pairs(c.REGIONS), validate_choice=False)
    area = SelectField(_l("Area"), choices=[("", _l("Any"))] + c.pairs(c.AREAS), validate_choice=False)
    score = SelectField(_l("Score"), choices=[("", _l("Any")), ("unreviewed", _l("Not yet reviewed by me")),
                                              ("high", _l("Mean 4 or more")), ("mid", _l("Mean 3 to 4")),
                                              ("low", _l("Mean under 3"))], validate_choice=False)

    def values(self) -> dict[str, str]:
        """The filters, with anything not offered ignored."""
        out = {}
        for name in ("status", "region", "area", "score"):
            value = self[name].data or ""
            out[name] = value if value in {k for k, _ in self[name].choices} else ""
        return out


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=128)])
    confirm = BooleanField(_l("I understand that my account and all my applications will be deleted for good."),
                           validators=[DataRequired(message=_l("Tick this box to confirm."))])
