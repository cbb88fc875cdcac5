"""The access matrix: for every route of the app (rule and method), the answer each role should get.

A route added to the app without a row here makes ``test_access_matrix.py`` fail, and so does a row
whose route no longer exists. Each row lists one outcome per role, in the order of ``ROLES``:

=========  ====================================================================================
``ok``     let in: 2xx, or a redirect to a page other than sign-in
``bad``    let in, but the harmless test data was refused: 400 or 409 (the access check passed)
``signin`` redirected to the sign-in page
``404``    refused: the app answers 404, as if the page or the object did not exist
=========  ====================================================================================

Anything else (403, 405, 500, ...) is reported under its status code and never matches a row.

The roles and the objects the URL parameters point to (set up by ``test_access_matrix.py``):

- ``anonymous``: no account.
- ``applicant``: the demo applicant, who owns the draft application used for ``application_id``.
- ``applicant_b``: another applicant, with a draft of their own in the same call.
- ``participant``: the demo participant (cohort A), who owns the plan, the quiz attempt, the live-session
  question, the Geneva activity, the calendar link and the second account session used in the URLs.
- ``participant_b``: a participant of another cohort (B) of the same course, with a plan of their own.
- ``classmate``: another participant of cohort A (the demo's participant2), coached by the same coach.
- ``coach``: the demo coach, coach of ``participant`` and ``classmate`` in cohort A.
- ``coach_b``: another coach, who coaches ``participant_b`` in cohort B only.
- ``staff``: the demo programme officer.

POSTs carry a valid CSRF token and the data in ``POST_DATA`` (empty otherwise): enough to reach the
access check, never enough to do harm. Rules in ``LATE`` run last, in that order, because what they
change (a withdrawn question, a revoked calendar link, a signed-out session) would change later answers.
"""
from __future__ import annotations

ROLES = ("anonymous", "applicant", "applicant_b", "participant", "participant_b", "classmate",
         "coach", "coach_b", "staff")
OUTCOMES = ("ok", "bad", "signin", "404")

# Column order:                                   anon   appl   appl_b part   part_b mate   coach  coach_b staff
EXPECTED: dict[str, str] = {
    # Public pages.
    "GET /":                                         "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /privacy":                                  "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /calls/<int:call_id>":                      "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /calls/<int:call_id>/programme.pdf":        "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    "POST /language":                                "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    # The calendar feed is public on purpose: the secret link (the participant's here) is the key.
    "GET /live/feed/<token>.ics":                    "ok     ok     ok     ok     ok     ok     ok     ok     ok",

    # Signing in and out, accounts by email link (a made-up token: the link is refused).
    "GET /signin":                                   "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    "POST /signin":                                  "bad    ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /signin/code":                              "signin signin signin signin signin signin signin signin signin",
    "POST /signin/code":                             "signin signin signin signin signin signin signin signin signin",
    "POST /signout":                                 "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /signup":                                   "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    "POST /signup":                                  "bad    ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /signup/sent":                              "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /confirm/<token>":                          "bad    bad    bad    bad    bad    bad    bad    bad    bad",
    "POST /confirm/<token>":                         "bad    bad    bad    bad    bad    bad    bad    bad    bad",
    "GET /reset":                                    "ok     ok     ok     ok     ok     ok     ok     ok     ok",
    "POST /reset":                                   "bad    bad    bad    bad    bad    bad    bad    bad    bad",
    "GET /reset/<token>":                            "bad    bad    bad    bad    bad    bad    bad    bad    bad",
    "POST /reset/<token>":                           "bad    bad    bad    bad    bad    bad    bad    bad    bad",
    "GET /invitation/<token>":                       "bad    bad    bad    bad    bad    bad    bad    bad    bad",
    "POST /invitation/<token>":                      "bad    bad    bad    bad    bad    bad    bad    bad    bad",

    # Every account: the dashboard, the account page, notifications, one's own data.
    "GET /dashboard":                                "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /account/":                                 "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "POST /account/settings":                        "signin bad    bad    bad    bad    bad    bad    bad    bad",
    "POST /account/password":                        "signin bad    bad    bad    bad    bad    bad    bad    bad",
    # The participant's second session: only its owner may end it.
    "POST /account/sessions/<int:session_id>/end":   "signin 404    404    ok     404    404    404    404    404",
    "POST /account/sessions/end-others":             "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /account/two-factor":                       "signin ok     ok     ok     ok     ok     ok     ok     ok",
    # Without two-factor the empty code is refused; with it on, the page says so.
    "POST /account/two-factor":                      "signin bad    bad    bad    bad    bad    ok     ok     ok",
    "POST /account/two-factor/off":                  "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "POST /account/two-factor/recovery-codes":       "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /coaching/notifications":                   "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "POST /coaching/notifications/read":             "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /my/applications":                          "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /my/data.json":                             "signin ok     ok     ok     ok     ok     ok     ok     ok",
    # Staff and coach accounts are closed by an administrator, not by themselves.
    "GET /my/delete":                                "signin ok     ok     ok     ok     ok     404    404    404",
    "POST /my/delete":                               "signin bad    bad    bad    bad    bad    404    404    404",

    # The applicant's side: the application is the applicant's alone (staff read it on /staff/...).
    # Any account may start an application to an open call.
    "GET /calls/<int:call_id>/apply":                "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "POST /calls/<int:call_id>/apply":               "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /applications/<int:application_id>":        "signin ok     404    404    404    404    404    404    404",
    "GET /applications/<int:application_id>/copy":   "signin ok     404    404    404    404    404    404    404",
    "GET /applications/<int:application_id>/review": "signin ok     404    404    404    404    404    404    404",
    "GET /applications/<int:application_id>/steps/<slug>":
                                                     "signin ok     404    404    404    404    404    404    404",
    "POST /applications/<int:application_id>/steps/<slug>":
                                                     "signin ok     404    404    404    404    404    404    404",
    # The draft misses answers: submitting is refused with the list (400).
    "POST /applications/<int:application_id>/submit":
                                                     "signin bad    404    404    404    404    404    404    404",
    "POST /applications/<int:application_id>/withdraw":
                                                     "signin ok     404    404    404    404    404    404    404",

    # Selection: staff only (a sent application; drafts are the applicant's own).
    "GET /staff/calls":                              "signin 404    404    404    404    404    404    404    ok",
    "GET /staff/calls/new":                          "signin 404    404    404    404    404    404    404    ok",
    "POST /staff/calls/new":                         "signin 404    404    404    404    404    404    404    bad",
    "GET /staff/calls/<int:call_id>/edit":           "signin 404    404    404    404    404    404    404    ok",
    "POST /staff/calls/<int:call_id>/edit":          "signin 404    404    404    404    404    404    404    bad",
    "GET /staff/calls/<int:call_id>/extend":         "signin 404    404    404    404    404    404    404    ok",
    "POST /staff/calls/<int:call_id>/extend":        "signin 404    404    404    404    404    404    404    bad",
    "GET /staff/calls/<int:call_id>/applications":   "signin 404    404    404    404    404    404    404    ok",
    "GET /staff/calls/<int:call_id>/balance":        "signin 404    404    404    404    404    404    404    ok",
    "GET /staff/calls/<int:call_id>/export.csv":     "signin 404    404    404    404    404    404    404    ok",
    "GET /staff/applications/<int:application_id>":  "signin 404    404    404    404    404    404    404    ok",
    "POST /staff/applications/<int:application_id>/review":
                                                     "signin 404    404    404    404    404    404    404    bad",
    "POST /staff/applications/<int:application_id>/conflict":
                                                     "signin 404    404    404    404    404    404    404    ok",
    # Not reviewed yet: shortlisting is refused (409) once past the staff check.
    "POST /staff/applications/<int:application_id>/shortlist":
                                                     "signin 404    404    404    404    404    404    404    bad",
    "POST /staff/applications/<int:application_id>/decision":
                                                     "signin 404    404    404    404    404    404    404    bad",
    "GET /audit/":                                   "signin 404    404    404    404    404    404    404    ok",

    # People: staff only (a bystander account, so that changing its roles harms no other check).
    "GET /people/":                                  "signin 404    404    404    404    404    404    404    ok",
    "POST /people/":                                 "signin 404    404    404    404    404    404    404    bad",
    "GET /people/<int:user_id>":                     "signin 404    404    404    404    404    404    404    ok",
    "POST /people/<int:user_id>":                    "signin 404    404    404    404    404    404    404    ok",
    "POST /people/<int:user_id>/disable":            "signin 404    404    404    404    404    404    404    ok",

    # Cohorts: staff manage them; a coach sees their own participants.
    "GET /cohorts/":                                 "signin 404    404    404    404    404    404    404    ok",
    "POST /cohorts/":                                "signin 404    404    404    404    404    404    404    bad",
    "GET /cohorts/<int:cohort_id>":                  "signin 404    404    404    404    404    404    404    ok",
    "POST /cohorts/<int:cohort_id>/enrol":           "signin 404    404    404    404    404    404    404    ok",
    "POST /cohorts/<int:cohort_id>/enrolments/<int:enrolment_id>/coach":
                                                     "signin 404    404    404    404    404    404    404    ok",
    "POST /cohorts/<int:cohort_id>/enrolments/<int:enrolment_id>/withdraw":
                                                     "signin 404    404    404    404    404    404    404    ok",
    "GET /cohorts/<int:cohort_id>/export.csv":       "signin 404    404    404    404    404    404    404    ok",
    # Cohort A has not ended: staff are told so (a redirect), and nothing is anonymised.
    "GET /cohorts/<int:cohort_id>/anonymise":        "signin 404    404    404    404    404    404    404    ok",
    "POST /cohorts/<int:cohort_id>/anonymise":       "signin 404    404    404    404    404    404    404    ok",
    "GET /cohorts/<int:cohort_id>/geneva":           "signin 404    404    404    404    404    ok     404    ok",
    "GET /coach/":                                   "signin 404    404    404    404    404    ok     ok     404",
    "GET /geneva":                                   "signin 404    404    ok     ok     ok     404    404    404",
    "POST /geneva":                                  "signin 404    404    bad    bad    bad    404    404    404",
    # The participant's activity: the status is missing, so its owner gets 400.
    "POST /geneva/<int:activity_id>/status":         "signin 404    404    bad    404    404    404    404    404",
    "GET /certificate":                              "signin 404    404    ok     ok     ok     404    404    404",
    "POST /certificate":                             "signin 404    404    ok     ok     ok     404    404    404",
    "GET /certificates/verify":                      "signin 404    404    404    404    404    404    404    ok",

    # Coaching: the plan is read by its participant, their coach and staff; feedback by their coach.
    "GET /coaching/plan":                            "signin 404    404    ok     ok     ok     404    404    404",
    "POST /coaching/plan":                           "signin 404    404    bad    bad    bad    404    404    404",
    "POST /coaching/check":                          "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /coaching/queue":                           "signin 404    404    404    404    404    ok     ok     ok",
    "GET /coaching/plans/<int:plan_id>":             "signin 404    404    ok     404    404    ok     404    ok",
    "GET /coaching/plans/<int:plan_id>/versions/<int:number>":
                                                     "signin 404    404    ok     404    404    ok     404    ok",
    # Version 2 waits for feedback: its coach saves an empty draft of feedback (not sent).
    "POST /coaching/plans/<int:plan_id>/versions/<int:number>/feedback":
                                                     "signin 404    404    404    404    404    ok     404    404",
    # A reply on version 1 (decided): the participant and their coach converse; staff only read.
    "POST /coaching/plans/<int:plan_id>/versions/<int:number>/replies":
                                                     "signin 404    404    ok     404    404    ok     404    404",

    # The course: for cohort participants, coaches of someone in it, and staff (not open to all here).
    "GET /learn/":                                   "signin ok     ok     ok     ok     ok     ok     ok     ok",
    "GET /learn/<course_slug>/":                     "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /learn/<course_slug>/<module_slug>/":       "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /learn/<course_slug>/<module_slug>/<lesson_slug>":
                                                     "signin 404    404    ok     ok     ok     ok     ok     ok",
    "POST /learn/<course_slug>/<module_slug>/<lesson_slug>/done":
                                                     "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /learn/<course_slug>/<module_slug>/offline.html":
                                                     "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /learn/<course_slug>/course.epub":           "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /learn/<course_slug>/glossary":             "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /learn/<course_slug>/search":               "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /learn/<course_slug>/progress":             "signin 404    404    404    404    404    ok     ok     ok",
    "POST /learn/<course_slug>/open-to-all":         "signin 404    404    404    404    404    404    404    ok",
    "POST /learn/<course_slug>/cohorts/<int:cohort_id>/start":
                                                     "signin 404    404    404    404    404    404    404    ok",
    # Quizzes: an attempt is its learner's own; results go to staff and the learner's coach.
    "GET /learn/<course_slug>/<module_slug>/quiz":   "signin 404    404    ok     ok     ok     ok     ok     ok",
    "POST /learn/<course_slug>/<module_slug>/quiz/start":
                                                     "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /learn/<course_slug>/<module_slug>/quiz/attempts/<int:attempt_id>":
                                                     "signin 404    404    ok     404    404    404    404    404",
    # The attempt is submitted already: a post to it is refused (409) for its learner.
    "POST /learn/<course_slug>/<module_slug>/quiz/attempts/<int:attempt_id>":
                                                     "signin 404    404    bad    404    404    404    404    404",
    "GET /learn/<course_slug>/<module_slug>/quiz/attempts/<int:attempt_id>/review":
                                                     "signin 404    404    ok     404    404    404    404    404",
    "GET /learn/<course_slug>/<module_slug>/quiz/results":
                                                     "signin 404    404    404    404    404    ok     ok     ok",
    "GET /learn/<course_slug>/<module_slug>/quiz/results.csv":
                                                     "signin 404    404    404    404    404    ok     ok     ok",
    "GET /learn/<course_slug>/<module_slug>/quiz/results/<int:user_id>":
                                                     "signin 404    404    404    404    404    ok     404    ok",

    # Live sessions of cohort A: its members, its coaches, staff.
    "GET /live/":                                    "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /live/cohorts/<int:cohort_id>/":            "signin 404    404    ok     404    ok     ok     404    ok",
    "GET /live/cohorts/<int:cohort_id>/new":         "signin 404    404    404    404    404    404    404    ok",
    "POST /live/cohorts/<int:cohort_id>/new":        "signin 404    404    404    404    404    404    404    bad",
    "POST /live/cohorts/<int:cohort_id>/feed":       "signin 404    404    ok     404    ok     ok     404    ok",
    "POST /live/cohorts/<int:cohort_id>/feed/delete":
                                                     "signin 404    404    ok     404    ok     ok     404    ok",
    "GET /live/sessions/<int:session_id>":           "signin 404    404    ok     404    ok     ok     404    ok",
    "GET /live/sessions/<int:session_id>.ics":       "signin 404    404    ok     404    ok     ok     404    ok",
    "GET /live/sessions/<int:session_id>/edit":      "signin 404    404    404    404    404    404    404    ok",
    "POST /live/sessions/<int:session_id>/edit":     "signin 404    404    404    404    404    404    404    bad",
    "POST /live/sessions/<int:session_id>/follow-up":
                                                     "signin 404    404    404    404    404    404    404    ok",
    # Questions: members ask (the empty question is refused) and upvote; only the author withdraws.
    "POST /live/sessions/<int:session_id>/questions":
                                                     "signin 404    404    bad    404    bad    404    404    404",
    "POST /live/sessions/<int:session_id>/questions/<int:question_id>/vote":
                                                     "signin 404    404    ok     404    ok     404    404    404",
    "POST /live/sessions/<int:session_id>/questions/<int:question_id>/withdraw":
                                                     "signin 404    404    ok     404    404    404    404    404",
    "POST /live/sessions/<int:session_id>/questions/<int:question_id>/answered":
                                                     "signin 404    404    404    404    404    404    404    ok",

    # The peer directory of cohort A.
    "GET /peers/":                                   "signin 404    404    ok     ok     ok     ok     ok     ok",
    "GET /peers/<int:cohort_id>/":                   "signin 404    404    ok     404    ok     ok     404    ok",
    "POST /peers/<int:cohort_id>/me":                "signin 404    404    bad    404    bad    404    404    404",
    "POST /peers/<int:cohort_id>/me/delete":         "signin 404    404    ok     404    ok     404    404    404",

    # The survey of cohort A: its members answer (not open yet: 409), staff run it; coaches have no part.
    "GET /survey/":                                  "signin 404    404    ok     ok     ok     404    404    ok",
    "GET /survey/<int:cohort_id>/":                  "signin 404    404    ok     404    ok     404    404    404",
    "POST /survey/<int:cohort_id>/":                 "signin 404    404    bad    404    bad    404    404    404",
    "POST /survey/<int:cohort_id>/open":             "signin 404    404    404    404    404    404    404    ok",
    "POST /survey/<int:cohort_id>/close":            "signin 404    404    404    404    404    404    404    ok",
    "GET /survey/<int:cohort_id>/results":           "signin 404    404    404    404    404    404    404    ok",
    "GET /survey/<int:cohort_id>/results.csv":       "signin 404    404    404    404    404    404    404    ok",
}

#: Harmless data for some POSTs: enough to get past the form to the object check.
POST_DATA: dict[str, dict[str, str]] = {
    # A valid reply reaches the check that staff (readers, not coaches) may not answer.
    "POST /coaching/plans/<int:plan_id>/versions/<int:number>/replies": {"topic": "plan",
                                                                         "body": "Access matrix reply."},
    "POST /coaching/check": {"text": "Repeal article 12 by 2028", "lang": "en"},
    "POST /language": {"lang": "en", "next": "/"},
}

#: Run after every other row, in this order: each changes what a later request would see.
LATE = (
    "POST /live/sessions/<int:session_id>/questions/<int:question_id>/withdraw",  # after the vote
    "POST /live/cohorts/<int:cohort_id>/feed",         # revokes the participant's link: after the feed
    "POST /live/cohorts/<int:cohort_id>/feed/delete",
    "POST /survey/<int:cohort_id>/open",               # after the members' refused answer
    "POST /survey/<int:cohort_id>/close",
    "POST /applications/<int:application_id>/withdraw",  # after every other look at the draft
    "POST /staff/applications/<int:application_id>/conflict",  # hides the application from the staff member
    "POST /signout",                                   # ends every client's session: the very last
)


def expected_outcomes(key: str) -> dict[str, str]:
    """The row for ``key`` as {role: outcome}; a malformed row raises ValueError."""
    codes = EXPECTED[key].split()
    if len(codes) != len(ROLES) or any(code not in OUTCOMES for code in codes):
        raise ValueError(f"row {key!r} needs {len(ROLES)} outcomes among {OUTCOMES}: {EXPECTED[key]!r}")
    return dict(zip(ROLES, codes))
