"""Import every model module so that metadata (and Alembic) sees every table."""
from hrdap.auth.models import AuthToken, LoginFailure, RecoveryCode, User, UserRole, UserSession  # noqa: F401
from hrdap.mail.models import OutboxEmail  # noqa: F401
