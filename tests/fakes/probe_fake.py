"""
Operations Command Center - Probe Fake

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: A tiny token-checking HTTP fake for the settings tests
    (answers GET /status when X-Auth-Token matches, 401 otherwise).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from tests.fakes.http_fake import HttpFake, json_response


class ProbeFake(HttpFake):
    """Answers ``GET /status`` for one valid token.

    Args:
        token: The token it accepts.
    """

    def __init__(self, token):
        super().__init__()
        self.token = token
        self.route("GET", "/status", lambda req, m: json_response({"wan": "WAN-probe"}))

    def check_auth(self, request):
        """Reject a missing or wrong token with 401.

        Args:
            request: The request.

        Returns:
            tuple | None: The 401 answer, or None when the token matches.
        """
        if request.headers.get("X-Auth-Token") != self.token:
            return self.unauthorized
        return None
