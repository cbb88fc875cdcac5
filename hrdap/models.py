"""Import every model module so that metadata (and Alembic) sees every table."""
from hrdap.auth.models import AuthToken, LoginFailure, RecoveryCode, User, UserRole, UserSession  # noqa: F401
from hrdap.mail.models import OutboxEmail  # noqa: F401
from hrdap.cohorts.models import Certificate, CoachAssignment, Cohort, Enrolment, GenevaActivity  # noqa: F401
from hrdap.learning.models import (  # noqa: F401
    Course, GlossaryTerm, Lesson, LessonProgress, LessonText, Module, SearchTerm,
)
from hrdap.applications.models import Application, Call, DeadlineExtension, Review  # noqa: F401
from hrdap.audit.models import AuditEvent  # noqa: F401
from hrdap.quizzes.models import Quiz, QuizAttempt  # noqa: F401
from hrdap.coaching.models import (  # noqa: F401
    AdvocacyPlan, Feedback, Notification, PlanVersion, Recommendation, Reply,
)
from hrdap.live.models import CalendarFeed, LiveSession, QuestionVote, SessionQuestion  # noqa: F401
from hrdap.peers.models import PeerProfile  # noqa: F401
from hrdap.survey.models import ModuleRating, Survey, SurveyParticipation, SurveyResponse  # noqa: F401
