"""The directory entry form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hrdap.applications.choices import THEMES, WORKING_LANGUAGES, countries, pairs
from hrdap.forms import CleanText, strip_filter


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PeerForm(FlaskForm):
    """What a member shows to their cohort."""

    shown_name = StringField(
        _l("Name shown to your cohort"), validators=[DataRequired(), Length(max=100), CleanText()],
        filters=[strip_filter],
        description=_l("Your name or a pseudonym: use a pseudonym if being named could put you at risk."))
    country = SelectField(_l("Country (optional)"), validators=[Optional()])
    themes = _Checkboxes(_l("Themes you work on"), choices=pairs(THEMES), validators=[Optional()])
    languages = _Checkboxes(_l("Languages you can talk in"), choices=pairs(WORKING_LANGUAGES),
                            validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("Do not show a country"))] + countries()
