"""The application form, step by step: one WTForms class per step, and which answers are required.

Saving a step checks lengths and choices only, so a half-written draft can always be saved; the
required answers are checked when the applicant submits (``missing_answers``).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, EmailField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import Email, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hrdap.applications import choices as c
from hrdap.forms import CleanText, strip_filter

#: Length limits of the long answers, shown beside each field and enforced on the server.
LIMITS = {"national_experience": 2000, "motivation": 3000, "objectives": 3000, "safe_contact": 1000,
          "risks": 2000}


class KnownChoice:
    """Accept an empty answer (drafts) or one of the offered keys; anything else was tampered with."""

    def __call__(self, form, field):
        values = field.data if isinstance(field.data, list) else [field.data]
        keys = {str(key) for key, _label in field.choices}
        for value in values:
            if value not in (None, "") and str(value) not in keys:
                raise ValidationError(_l("Choose one of the options offered."))


class CheckboxList(SelectMultipleField):
    """Several options, shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _text(label, limit, description=None):
    return StringField(label, validators=[Length(max=limit), CleanText()], filters=[strip_filter],
                       description=description)


def _long(name, label, description=None):
    limit = LIMITS[name]
    hint = _l("Up to %(n)d characters.", n=limit)
    return TextAreaField(label, validators=[Length(max=limit, message=_l(
        "This answer is longer than %(n)d characters. Shorten it; your text is kept below.", n=limit)),
        CleanText(multiline=True)],
        # Lazy, so the hint is translated per request (an f-string would fix it in English at import).
        description=LazyString(lambda: f"{description} {hint}") if description else hint,
        render_kw={"data-limit": str(limit), "rows": 8})


def _radio(label, mapping, description=None):
    return RadioField(label, choices=c.pairs(mapping), validate_choice=False, validators=[KnownChoice()],
                      description=description)


def _checkboxes(label, mapping, description=None):
    return CheckboxList(label, choices=c.pairs(mapping), validate_choice=False, validators=[KnownChoice()],
                        description=description)


def _select(label, mapping=None, description=None):
    pairs = [("", _l("Choose…"))] + (c.pairs(mapping) if mapping else [])
    return SelectField(label, choices=pairs, validate_choice=False, validators=[KnownChoice()],
                       description=description)


class IdentityStep(FlaskForm):
    name = _text(_l("Name or pseudonym"), 100, _l("You may use a pseudonym."))
    email = EmailField(_l("Email address to reach you"), validators=[Optional(), Length(max=254), CleanText(),
                                                                     Email(message=_l("Enter a valid email address."))],
                       filters=[strip_filter])
    country = _select(_l("Country where you work"))
    region = _select(_l("Region"), c.REGIONS)
    gender = _select(_l("Gender (optional)"), c.GENDERS)
    languages = _checkboxes(_l("Working languages"), c.WORKING_LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("Choose…"))] + c.countries()


class OrganisationStep(FlaskForm):
    org_name = _text(_l("Name of your organisation (if any)"), 150)
    org_role = _text(_l("Your role in it"), 150)
    org_kind = _select(_l("Kind of organisation"), c.ORGANISATION_KINDS)
    org_confidential = BooleanField(_l("Keep my organisation confidential: staff only, never shared"))


class ExperienceStep(FlaskForm):
    years = IntegerField(_l("Years of human rights work"), validators=[Optional(), NumberRange(
        min=0, max=70, message=_l("Enter a number of years between 0 and 70."))])
    national_experience = _long("national_experience", _l("Your national or regional advocacy experience"))
    un_engagement = _radio(_l("Have you engaged with UN human rights mechanisms before?"), c.YES_NO)
    un_mechanisms = _checkboxes(_l("If so, which ones?"), c.UN_MECHANISMS)


class FocusStep(FlaskForm):
    area = _radio(_l("Programme area of your work"), c.AREAS)
    themes = _checkboxes(_l("Themes"), c.THEMES)


class MotivationStep(FlaskForm):
    motivation = _long("motivation", _l("Why do you want to join the programme?"))
    objectives = _long("objectives", _l("Your advocacy objectives: what change do you seek, and how could the UN help?"))


class ParticipationStep(FlaskForm):
    funding = _radio(_l("Funding request"), c.FUNDING,
                     _l("Tuition, travel and living costs in Geneva. Full or partial scholarships exist."))
    availability = _radio(_l("Are you available for the two weeks in Geneva?"), c.AVAILABILITY)


class SafetyStep(FlaskForm):
    safe_contact = _long("safe_contact", _l("How can we contact you safely?"),
                         _l("For example an encrypted messenger, or times to avoid. Only programme staff see this."))
    risks = _long("risks", _l("Risks we should consider (optional)"),
                  _l("Anything that could put you at risk if your participation were known."))


class RefereeStep(FlaskForm):
    referee_name = _text(_l("Referee's name"), 100)
    referee_organisation = _text(_l("Referee's organisation"), 150)
    referee_email = EmailField(_l("Referee's email"), validators=[Optional(), Length(max=254), CleanText(),
                                                                  Email(message=_l("Enter a valid email address."))],
                               filters=[strip_filter])
    referee_relationship = _text(_l("How the referee knows your work"), 200)


class ConsentStep(FlaskForm):
    consent = BooleanField(_l("I agree that the programme staff process the data in this application to select "
                              "participants, as the privacy page explains. I can withdraw and delete it at any time."))


@dataclass(frozen=True)
class Step:
    slug: str
    title: object
    form: type[FlaskForm]
    required: tuple[str, ...]


STEPS = (
    Step("identity", _l("About you"), IdentityStep, ("name", "email", "country", "region", "languages")),
    Step("organisation", _l("Your organisation"), OrganisationStep, ("org_role", "org_kind")),
    Step("experience", _l("Your experience"), ExperienceStep, ("years", "national_experience", "un_engagement")),
    Step("focus", _l("Your focus"), FocusStep, ("area",)),
    Step("motivation", _l("Motivation and objectives"), MotivationStep, ("motivation", "objectives")),
    Step("participation", _l("Funding and availability"), ParticipationStep, ("funding", "availability")),
    Step("safety", _l("Your safety"), SafetyStep, ("safe_contact",)),
    Step("referee", _l("A referee"), RefereeStep, ("referee_name", "referee_email")),
    Step("consent", _l("Consent"), ConsentStep, ("consent",)),
)
BY_SLUG = {step.slug: step for step in STEPS}

#: Answers that have a choice list, for showing labels instead of keys.
CHOICE_MAPS = {"region": c.REGIONS, "gender": c.GENDERS, "languages": c.WORKING_LANGUAGES,
               "org_kind": c.ORGANISATION_KINDS, "un_engagement": c.YES_NO, "un_mechanisms": c.UN_MECHANISMS,
               "area": c.AREAS, "themes": c.THEMES, "funding": c.FUNDING, "availability": c.AVAILABILITY}


def step_fields(step: Step) -> list[str]:
    """The answer names of one step, in form order."""
    form = step.form(meta={"csrf": False}, formdata=None)
    return [f.name for f in form if f.type != "CSRFTokenField"]


def form_values(form: FlaskForm) -> dict:
    """The answers of a validated step form, without its CSRF token."""
    return {f.name: f.data for f in form if f.type != "CSRFTokenField"}


def is_blank(value) -> bool:
    """True for an answer not given yet (a false consent box counts as not given)."""
    return value in (None, "", [], False)


def missing_answers(answers: dict) -> list[tuple[Step, str, object]]:
    """The required answers still missing: (step, field name, label), in form order."""
    missing = []
    for step in STEPS:
        blank = [name for name in step.required if is_blank(answers.get(name))]
        if blank:  # the form is built only for its labels, and only when something is missing
            form = step.form(meta={"csrf": False}, formdata=None)
            missing.extend((step, name, form[name].label.text) for name in blank)
    return missing


def display_value(name: str, value) -> str:
    """An answer as a reader sees it: labels for choices, a country's name, Yes/No for boxes."""
    if is_blank(value) and not isinstance(value, bool):
        return ""
    if name == "country":
        return c.country_name(value)
    if name in CHOICE_MAPS:
        return c.label(CHOICE_MAPS[name], value)
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    return str(value)


def summary(answers: dict) -> list[tuple[Step, list[tuple[str, object, str]]]]:
    """Every step with (name, label, shown value) of each answer, for the review page and the copy."""
    rows = []
    for step in STEPS:
        form = step.form(meta={"csrf": False}, formdata=None)
        rows.append((step, [(f.name, f.label.text, display_value(f.name, answers.get(f.name)))
                            for f in form if f.type != "CSRFTokenField"]))
    return rows
