"""
Operations Command Center - Host Extensions

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The Flask extension objects of the stand-in host (database,
    migrations, login, CSRF). Created unbound; the factory binds them.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

db = SQLAlchemy()
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
