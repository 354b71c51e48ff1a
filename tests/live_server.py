"""
Operations Command Center - Live Server and Browser Helpers

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Serves a test app on a loopback port in a thread and starts
    Debian's headless Chromium through Playwright (``executable_path``;
    Playwright's own browser download is not used). Without a browser the
    browser tests skip, except under CI=true where they fail.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


class LiveServer:
    """A threaded WSGI server on 127.0.0.1 with an ephemeral port.

    Args:
        app: The Flask app to serve.
    """

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        """Start serving.

        Returns:
            LiveServer: self.
        """
        self.thread.start()
        return self

    def stop(self):
        """Stop serving.

        Returns:
            None
        """
        self.server.shutdown()
        self.server.server_close()


def chromium_path():
    """The system Chromium, or skip (fail under CI) when absent.

    Returns:
        str: Executable path.
    """
    path = os.environ.get("OPS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: .ci/run must install Debian's chromium")
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    return path


def launch_browser(playwright):
    """Launch headless Chromium.

    Args:
        playwright: A started sync Playwright.

    Returns:
        Browser: The browser.
    """
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def browser_login(page, base_url, username, password):
    """Log in through the host's form.

    Args:
        page: A Playwright page.
        base_url: Server URL.
        username: User name.
        password: Password.

    Returns:
        None
    """
    page.goto(base_url + "/login?next=/ops/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/ops/")
