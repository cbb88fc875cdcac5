"""Messages for refused cohort actions."""
from datetime import date

from flask_babel import format_date, lazy_gettext as _l

MESSAGES = {
    "full": _l("The cohort is full (capacity %(capacity)d)."),
    "already_enrolled": _l("%(name)s is already in this cohort."),
    "not_a_coach": _l("This person is not a coach."),
    "call_has_cohort": _l("This call already has a cohort."),
    "anonymised": _l("This cohort has been anonymised: nobody can join it any more."),
    "not_ended": _l("This cohort has not ended yet: it can be anonymised from %(date)s (Geneva), once its "
                    "last week is over."),
}


def message(err) -> str:
    """The translated message of a CohortError (dates in the reader's language)."""
    text = str(MESSAGES.get(err.code, _l("That did not work.")))
    if not err.params:
        return text
    return text % {key: format_date(value, "long") if isinstance(value, date) else value
                   for key, value in err.params.items()}
