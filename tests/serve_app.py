"""
Operations Command Center - Test Server Process

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: Serves the app with waitress on 127.0.0.1 in its own process
    (``python -m tests.serve_app DB INSTANCE_DIR PORT``), so tests and
    benchmarks can run several server processes on one database. DB is a
    SQLite file's path or a database URL (PostgreSQL).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-02): DB may be a URL
"""

import os
import sys

from waitress import serve

from app import create_app


def main(argv):
    """Build the app on the given database and serve it until killed.

    Args:
        argv: [db_path_or_url, instance_dir, port, (threads)].

    Returns:
        None
    """
    db_path, instance, port = argv[0], argv[1], int(argv[2])
    threads = int(argv[3]) if len(argv) > 3 else 8
    url = db_path if "://" in db_path else f"sqlite:///{db_path}"
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url,
                                           "OPS_CENTER_FETCH_TIMEOUT": float(os.environ.get("OPS_CENTER_FETCH_TIMEOUT",
                                                                                            "2")),
                                           "OPS_CENTER_READBACK_SECONDS": 1.0,
                                           "OPS_CENTER_READBACK_INTERVAL": 0.1,
                                           "OPS_CENTER_OUTLET_COOLDOWN": 0},
                     instance_path=instance)
    serve(app, host="127.0.0.1", port=port, threads=threads, _quiet=True)


if __name__ == "__main__":
    main(sys.argv[1:])
