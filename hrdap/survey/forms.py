"""The survey form, with one rating question per module of the course."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from hrdap.forms import CleanText
from hrdap.survey.models import SATISFACTION

SATISFACTION_LABELS = {
    "extremely": _l("Extremely satisfied"),
    "very": _l("Very satisfied"),
    "moderately": _l("Moderately satisfied"),
    "slightly": _l("Slightly satisfied"),
    "not_at_all": _l("Not at all satisfied"),
}
RATING_CHOICES = [("5", _l("5 – excellent")), ("4", "4"), ("3", "3"), ("2", "2"), ("1", _l("1 – poor")),
                  ("", _l("No answer"))]


class _SurveyForm(FlaskForm):
    satisfaction = RadioField(_l("Overall, how satisfied are you with the programme?"),
                              choices=[(k, SATISFACTION_LABELS[k]) for k in SATISFACTION],
                              validators=[InputRequired(message=_l("Choose how satisfied you are."))])
    can_apply = RadioField(_l("I will be able to apply what I learnt."),
                           choices=[("yes", _l("Yes")), ("no", _l("No"))],
                           validators=[InputRequired(message=_l("Answer yes or no."))])
    comments = TextAreaField(_l("Comments (optional)"),
                             validators=[Optional(), Length(max=4000), CleanText(multiline=True)],
                             description=_l("What worked, what could be better. Do not include details that "
                                            "could put anyone at risk."))
    anonymous = BooleanField(_l("Answer anonymously"), default=True,
                             description=_l("Your answers are then kept without your name, and staff see them "
                                            "only once at least five people have answered anonymously. We still "
                                            "record that you answered, so that you are not asked again."))

    def rating_fields(self):
        """(module, field) pairs in course order."""
        return [(module, getattr(self, f"m{module.id}")) for module in self.modules]

    def ratings(self) -> dict[int, int]:
        return {module.id: int(f.data) for module, f in self.rating_fields() if f.data}


def survey_form(modules, module_title, **kwargs) -> _SurveyForm:
    """A form with a rating question for each module; ``module_title`` gives a module's title."""

    class SurveyForm(_SurveyForm):
        pass

    for module in modules:
        setattr(SurveyForm, f"m{module.id}", RadioField(module_title(module), choices=RATING_CHOICES,
                                                        default="", validators=[Optional()]))
    form = SurveyForm(**kwargs)
    form.modules = modules
    return form
