"""
Operations Command Center - Key Ring

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Loads the Fernet key(s) that protect ``ops_credentials``: from
    ``OPS_CENTER_FERNET_KEY`` (comma-separated, newest first) or from
    ``ops_center.key`` in the instance folder, created 0600 on first start and
    refused when other users can read it.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import os
import stat

from cryptography.fernet import Fernet, MultiFernet

from ..models.credentials import OpsCredential, SecretsError
from ..state import get_state

KEY_FILE = "ops_center.key"


def key_file_path(app):
    """Path of the instance key file.

    Args:
        app: The Flask app.

    Returns:
        str: Absolute path.
    """
    return os.path.join(app.instance_path, KEY_FILE)


def read_key_file(path):
    """Read (creating on first use) the key file, checking its mode.

    Args:
        path: Key file path.

    Returns:
        list[str]: Keys, newest first.

    Raises:
        SecretsError: When the file is readable by group or others.
    """
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(Fernet.generate_key().decode("ascii") + "\n")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & 0o077:
        raise SecretsError(f"key file {path} is readable by other users (mode {mode:o}); run: chmod 600 {path}")
    with open(path, encoding="ascii") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def load_keys(app):
    """The configured keys, newest first.

    Args:
        app: The Flask app.

    Returns:
        list[str]: At least one key.

    Raises:
        SecretsError: When no usable key source exists.
    """
    raw = app.config.get("OPS_CENTER_FERNET_KEY") or ""
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    if not keys:
        path = key_file_path(app)
        stored = 0 if os.path.exists(path) or app.config.get("OPS_CENTER_REKEY") else _encrypted_rows(app)
        if stored:
            # A new key would make every stored system unreadable, and quietly: refuse instead.
            raise SecretsError(f"key file {path} is missing and {stored} stored system(s) are encrypted with it: "
                               "restore the file, or start once with OPS_CENTER_REKEY=1 to make a new key (those "
                               "systems must then be entered again)")
        keys = read_key_file(path)
    if not keys:
        raise SecretsError(f"no Fernet key: set OPS_CENTER_FERNET_KEY or put one in {key_file_path(app)}")
    return keys


def _encrypted_rows(app):
    """How many stored systems exist (0 before the module's tables do)."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from ..models.base import session

    with app.app_context():
        try:
            return session().execute(select(func.count()).select_from(OpsCredential)).scalar() or 0
        except SQLAlchemyError:
            session().rollback()
            return 0


def decrypt_row(app, row):
    """Decrypt one stored system, re-reading the key file once when the ring on disk changed.

    A ``rotate-key`` in another process re-encrypts rows with a key this process has
    not loaded yet; every decrypt path goes through here so none of them fails for that.

    Args:
        app: The Flask app.
        row: An ``OpsCredential``.

    Returns:
        dict: The settings.

    Raises:
        SecretsError: When no configured key opens the row.
    """
    try:
        return row.decrypt(get_fernet(app))
    except SecretsError:
        if app.config.get("OPS_CENTER_FERNET_KEY"):
            raise
        get_state(app).fernet = None
        return row.decrypt(get_fernet(app))


def build_fernet(keys):
    """Build a ``MultiFernet`` from keys, newest first.

    Args:
        keys: List of url-safe base64 Fernet keys.

    Returns:
        MultiFernet: Encrypts with the first key, decrypts with any.

    Raises:
        SecretsError: When a key is malformed.
    """
    try:
        return MultiFernet([Fernet(k.encode("ascii")) for k in keys])
    except (ValueError, UnicodeEncodeError) as exc:
        raise SecretsError("a Fernet key is malformed: it must be 32 url-safe base64-encoded bytes "
                           "(make one with: python -c 'from cryptography.fernet import Fernet; "
                           "print(Fernet.generate_key().decode())')") from exc


def get_fernet(app):
    """The app's ``MultiFernet``, built once and kept on the app.

    Args:
        app: The Flask app.

    Returns:
        MultiFernet: The key ring.
    """
    state = get_state(app)
    if state.fernet is None:
        state.fernet = build_fernet(load_keys(app))
    return state.fernet
