"""
Operations Command Center - Key Rotation

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Key rotation for ``ops_credentials``: put a new key in front of the
    key file and re-encrypt every stored system with the newest key. Reading the
    keys lives in ``services/keyring.py`` (the read path needs it too).

CHANGELOG:
- 1.0.0 (2026-12-01): Split out of keyring.py (admin writes apart from the read path)
"""

import os

from cryptography.fernet import Fernet
from sqlalchemy import select

from ...models.base import session
from ...models.credentials import OpsCredential, SecretsError
from ...models.notify import OpsNotifyTarget
from ...state import get_state
from ..keyring import get_fernet, key_file_path, read_key_file


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
    keys = [Fernet.generate_key().decode("ascii")] + read_key_file(path)
    tmp = path + ".new"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write("\n".join(keys) + "\n")
    os.replace(tmp, path)
    get_state(app).fernet = None
    return path


def rotate_keys(app):
    """Re-encrypt every stored secret — systems and notification targets — with the newest key and commit.

    Args:
        app: The Flask app (inside an app context).

    Returns:
        int: Number of rows re-encrypted.
    """
    fernet = get_fernet(app)
    rows = [*session().execute(select(OpsCredential)).scalars(), *session().execute(select(OpsNotifyTarget)).scalars()]
    for row in rows:
        row.decrypt(fernet)  # raises a clear SecretsError before anything is written
    for row in rows:
        row.encrypted_data = fernet.rotate(row.encrypted_data.encode("ascii")).decode("ascii")
    session().commit()
    return len(rows)
