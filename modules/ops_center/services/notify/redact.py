"""
Operations Command Center - Notify Redaction

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Apprise URLs hold secrets (tokens, passwords, topics). This
    loads Apprise with a filter on its logger and urllib3's that rewrites
    every record without any part of a URL this process used (their DEBUG
    lines quote whole URLs), scrubs error texts the same way, and checks
    whether Apprise can load a URL without sending anything.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import logging
import warnings
from urllib.parse import parse_qsl, urlsplit

_PARTS = []  # parts of the URLs this process used, longest first: scrubbed from Apprise's and urllib3's records


def url_parts(url):
    """The parts of a URL that may be secret (user, password, host, path segments, query values).

    Args:
        url: An Apprise URL.

    Returns:
        set[str]: The URL and its parts of three characters or more.
    """
    parts = {url}
    try:
        split = urlsplit(url)
        parts |= {split.netloc, split.username or "", split.password or "", split.hostname or "", split.path,
                  split.query}
        parts |= set(split.path.split("/")) | {v for _k, v in parse_qsl(split.query)}
    except ValueError:
        pass
    return {p for p in parts if p and len(p) >= 3}


def scrub(text, url=None):
    """Remove every part of the given URL and of every URL this process used from a text.

    Args:
        text: Any text.
        url: A URL whose parts go too.

    Returns:
        str: The text with ``***`` in their place.
    """
    text = str(text or "")
    for part in sorted(set(_PARTS) | (url_parts(url) if url else set()), key=len, reverse=True):
        text = text.replace(part, "***")
    return text


def remember(url):
    """Keep a URL's parts for the log scrubber (before Apprise ever sees the URL).

    Args:
        url: An Apprise URL.

    Returns:
        str: The URL.
    """
    load_apprise()
    _PARTS[:] = sorted(set(_PARTS) | url_parts(url), key=len, reverse=True)[:2000]
    return url


class _Scrubber(logging.Filter):
    """Rewrites a record of Apprise or urllib3 without any URL part (a DEBUG line quotes the whole URL)."""

    def filter(self, record):
        """Scrub one record in place.

        Args:
            record: The ``LogRecord``.

        Returns:
            bool: True (the record is kept, scrubbed).
        """
        if _PARTS:
            text = record.getMessage()
            clean = scrub(text)
            if clean != text:
                record.msg, record.args = clean, None
        return True


def load_apprise():
    """Import Apprise with a scrubber on its log and urllib3's (their records quote URL parts, i.e. secrets).

    Returns:
        module: ``apprise``.
    """
    with warnings.catch_warnings():  # its e-mail plugin imports the deprecated imghdr (Python 3.11-3.12)
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise
        from apprise.apprise import N_MGR

        N_MGR.load_modules()  # every plugin now, under this filter (Apprise loads them on first use)

    for name in ("apprise", "urllib3.connectionpool"):
        chatty = logging.getLogger(name)
        if not any(isinstance(f, _Scrubber) for f in chatty.filters):
            chatty.addFilter(_Scrubber())
    return apprise


def url_ok(url):
    """Whether Apprise can load a URL (nothing is sent).

    Args:
        url: The Apprise URL.

    Returns:
        bool: True when a plugin accepts it.
    """
    return load_apprise().Apprise().add(remember(url))
