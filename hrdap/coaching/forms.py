"""Forms of the plan editor, the coach's feedback and replies."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (FieldList, Form, FormField, HiddenField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import AnyOf, DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hrdap.coaching.models import CRITERIA, DECISIONS, MECHANISMS, RATINGS, TEXT_FIELDS
from hrdap.forms import CleanText, strip_filter
from hrdap.i18n import LANGUAGES

LONG = 10000


def _text(name: str, description=None, max_length: int = LONG) -> TextAreaField:
    return TextAreaField(TEXT_FIELDS[name], description=description,
                         validators=[Length(max=max_length), CleanText(multiline=True)])


class RecommendationForm(Form):
    """One recommendation row (a sub-form: the CSRF token is on the plan form)."""

    text = TextAreaField(_l("Recommendation"), validators=[Length(max=2000), CleanText(multiline=True)],
                         description=_l("One action, addressed to one State, with a deadline."))
    state = StringField(_l("State addressed"), validators=[Length(max=120), CleanText()], filters=[strip_filter])
    mechanism = SelectField(_l("Mechanism"), choices=[("", _l("Choose…"))] + list(MECHANISMS.items()),
                            validators=[Optional(), AnyOf([""] + list(MECHANISMS))])
    time_frame = StringField(_l("Time frame"), validators=[Length(max=200), CleanText()], filters=[strip_filter],
                             description=_l("For example: before its next UPR review, within 12 months."))


class PlanForm(FlaskForm):
    """The whole draft; every button saves it first."""

    language = SelectField(_l("Language the plan is written in"), choices=list(LANGUAGES.items()),
                           validators=[AnyOf(list(LANGUAGES))],
                           description=_l("The SMART checker reads your recommendations in this language."))
    problem = _text("problem", _l("What is happening, to whom, and the facts that show it. Markdown allowed."))
    objectives = _text("objectives", _l("What you want to change, and by when."))
    mechanisms = SelectMultipleField(_l("Target mechanisms"), choices=list(MECHANISMS.items()),
                                     validators=[Optional()], widget=ListWidget(prefix_label=False),
                                     option_widget=CheckboxInput())
    opportunities = _text("opportunities", _l("For example: the State's next UPR review, a treaty body review, "
                                               "an HRC session."))
    targets = _text("targets", _l("Supportive States, States with influence, officials, rapporteurs."))
    recommendations = FieldList(FormField(RecommendationForm), min_entries=0, max_entries=10)
    pitch = _text("pitch", _l("Who you are, the problem and one fact, your ask, why this State. "
                              "Aim for 30 seconds spoken."), max_length=3000)
    geneva_activities = _text("geneva_activities", _l("Meetings, side events, statements you plan in Geneva."))

    def values(self) -> dict:
        data = {name: self[name].data or "" for name in TEXT_FIELDS}
        data["language"] = self.language.data
        data["mechanisms"] = self.mechanisms.data or []
        return data

    def recommendation_values(self) -> list[dict]:
        return [dict(entry.form.data) for entry in self.recommendations]


class ReplyForm(FlaskForm):
    topic = HiddenField(validators=[AnyOf(["feedback", "pitch", "plan"])])
    feedback_id = HiddenField()
    body = TextAreaField(_l("Your reply"), validators=[DataRequired(message=_l("Write your reply.")),
                                                       Length(max=5000), CleanText(multiline=True)])


class FeedbackFormBase(FlaskForm):
    pitch_comment = TextAreaField(_l("Comment on the pitch"), validators=[Length(max=5000), CleanText(multiline=True)])
    plan_comment = TextAreaField(_l("Comment on the whole plan"),
                                 validators=[Length(max=10000), CleanText(multiline=True)])
    decision = RadioField(_l("Your decision"), choices=list(DECISIONS.items()), validate_choice=False)
    action = HiddenField()

    def rating(self, rec_id: int, criterion: str):
        return self[f"rating_{rec_id}_{criterion}"]

    def comment(self, rec_id: int, criterion: str):
        return self[f"comment_{rec_id}_{criterion}"]


def feedback_form_class(recommendation_ids: list[int]) -> type[FeedbackFormBase]:
    """A feedback form with a rating and a comment per SMART criterion of each recommendation."""
    fields = {}
    for rec_id in recommendation_ids:
        for criterion, label in CRITERIA.items():
            fields[f"rating_{rec_id}_{criterion}"] = RadioField(label, choices=list(RATINGS.items()),
                                                                validate_choice=False)
            fields[f"comment_{rec_id}_{criterion}"] = TextAreaField(
                _l("Comment"), validators=[Length(max=3000), CleanText(multiline=True)])
    return type("FeedbackForm", (FeedbackFormBase,), fields)


def feedback_entries(form: FeedbackFormBase, recommendation_ids: list[int]) -> dict:
    return {(rec_id, c): (form.rating(rec_id, c).data or "", form.comment(rec_id, c).data or "")
            for rec_id in recommendation_ids for c in CRITERIA}
