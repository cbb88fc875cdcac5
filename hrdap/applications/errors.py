"""Domain errors of applications; views turn each into a clear message."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l


class ApplicationError(Exception):
    """A refused action. ``message`` is what the person reads; ``status`` the HTTP status to answer."""

    message = _l("This cannot be done.")
    status = 409


class NotFound(ApplicationError):
    """Absent, or not this person's: answered 404 either way."""

    message = _l("This page does not exist, or you do not have access to it.")
    status = 404


class NotOpenYet(ApplicationError):
    message = _l("This call is not open yet.")


class DeadlinePassed(ApplicationError):
    message = _l("The deadline has passed: applications can no longer be changed or submitted. "
                 "Your draft is kept and you can still read it.")


class NotEditable(ApplicationError):
    message = _l("This application has been sent and can no longer be changed.")


class AlreadySubmitted(ApplicationError):
    message = _l("This application has already been submitted. Here is your receipt.")


class MissingAnswers(ApplicationError):
    """Required answers are missing; ``missing`` lists (step, field, label)."""

    message = _l("Some required answers are missing. Nothing you wrote has been lost.")
    status = 400

    def __init__(self, missing):
        super().__init__("missing answers")
        self.missing = missing


class CallFull(ApplicationError):
    message = _l("The call is full: as many applicants are accepted as it has places.")


class ReviewsNeeded(ApplicationError):
    message = _l("At least two reviews are needed first.")


class InvalidDeadline(ApplicationError):
    status = 400
    message = _l("A new deadline must be later than the one that applies now.")


class NotAllowed(ApplicationError):
    message = _l("This cannot be done at this stage of the application.")
