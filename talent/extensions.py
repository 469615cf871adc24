"""Flask extensions, created unbound here and bound to the app in ``create_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def client_address() -> str:
    """The client's address (ProxyFix has already applied X-Forwarded-For when configured)."""
    return request.remote_addr or "unknown"


# "create_savepoint" only matters when a session is bound to a connection already in a transaction (the
# test suite's per-test rollback); with an engine, as in production, sessions behave as usual.
db = SQLAlchemy(model_class=Base, session_options={"join_transaction_mode": "create_savepoint"})
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=client_address)

# Models subclass ``Model``: Flask-SQLAlchemy's ``db.Model`` at run time, the typed base for mypy.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
