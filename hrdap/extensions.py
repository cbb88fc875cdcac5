"""Flask extensions, created unbound and bound to the app in create_app."""
from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for every model."""


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Counters live in Redis when HRDAP_REDIS_URL is set, so several workers share them.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
