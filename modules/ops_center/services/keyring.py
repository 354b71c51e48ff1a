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
from sqlalchemy import select

from ..models.base import session
from ..models.credentials import OpsCredential, SecretsError

KEY_FILE = "ops_center.key"


def key_file_path(app):
    """Path of the instance key file.

    Args:
        app: The Flask app.

    Returns:
        str: Absolute path.
    """
    return os.path.join(app.instance_path, KEY_FILE)


def _read_key_file(path):
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
        keys = _read_key_file(key_file_path(app))
    if not keys:
        raise SecretsError(f"no Fernet key: set OPS_CENTER_FERNET_KEY or put one in {key_file_path(app)}")
    return keys


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


def prepend_key_file(app):
    """Put a new key in front of the key file (older keys stay for decryption).

    Args:
        app: The Flask app.

    Returns:
        str: The key file path.

    Raises:
        SecretsError: When keys come from OPS_CENTER_FERNET_KEY instead.
    """
    if app.config.get("OPS_CENTER_FERNET_KEY"):
        raise SecretsError("keys come from OPS_CENTER_FERNET_KEY: put the new key first in that variable")
    path = key_file_path(app)
    keys = [Fernet.generate_key().decode("ascii")] + _read_key_file(path)
    tmp = path + ".new"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write("\n".join(keys) + "\n")
    os.replace(tmp, path)
    app.extensions.get("ops_center", {}).pop("fernet", None)
    return path


def get_fernet(app):
    """The app's ``MultiFernet``, built once and kept on the app.

    Args:
        app: The Flask app.

    Returns:
        MultiFernet: The key ring.
    """
    state = app.extensions.setdefault("ops_center", {})
    if "fernet" not in state:
        state["fernet"] = build_fernet(load_keys(app))
    return state["fernet"]


def rotate_keys(app):
    """Re-encrypt every stored system with the newest key and commit.

    Args:
        app: The Flask app (inside an app context).

    Returns:
        int: Number of rows re-encrypted.
    """
    fernet = get_fernet(app)
    rows = session().execute(select(OpsCredential)).scalars().all()
    for row in rows:
        row.decrypt(fernet)  # raises a clear SecretsError before anything is written
    for row in rows:
        row.encrypted_data = fernet.rotate(row.encrypted_data.encode("ascii")).decode("ascii")
    session().commit()
    return len(rows)
