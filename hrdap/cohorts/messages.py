"""Messages for refused cohort actions."""
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "full": _l("The cohort is full (capacity %(capacity)d)."),
    "already_enrolled": _l("%(name)s is already in this cohort."),
    "not_a_coach": _l("This person is not a coach."),
    "call_has_cohort": _l("This call already has a cohort."),
}


def message(err) -> str:
    """The translated message of a CohortError."""
    return str(MESSAGES.get(err.code, _l("That did not work."))) % err.params if err.params else \
        str(MESSAGES.get(err.code, _l("That did not work.")))
