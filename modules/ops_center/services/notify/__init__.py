"""
Operations Command Center - Notify Package

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: "Tell me when it matters" (issue 15, DESIGN.md section 8):
    targets (Apprise URLs stored Fernet-encrypted, masked everywhere),
    config ([[notify]] tables and form bodies, validated all or nothing),
    redact (URL parts scrubbed from logs and errors), message (the short
    title and plain-text body), plan (incidents into
    outbox rows: opened after a grace, escalated, resolved always, reminders),
    send (claim, Apprise, back-off, a failing target as a blind spot), manage
    (the settings page's and the CLI's audited changes) and cycle (the
    watcher's one call, ``cycle.run_cycle``, which never raises).

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""
