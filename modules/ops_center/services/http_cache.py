"""
Operations Command Center - HTTP Cache Helpers

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Pure helpers for cheap polling: entity tags of the snapshot
    text and of files, ``If-None-Match`` matching, ``Accept-Encoding``
    parsing, and gzip with small caches (the snapshot by its bytes, files by
    path, mtime and size) so a poll or an asset request does not re-gzip the
    same bytes. No Flask here: routes/http_cache.py applies them to responses.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation (issue 17, part 3)
"""

import gzip
import hashlib
import os
import threading
from collections import OrderedDict

MIN_GZIP_BYTES = 1024   # below this the gzip header and a round of CPU buy nothing
GZIP_LEVEL = 6
GZ_SUFFIX = "-gz"       # the gzipped representation has its own strong tag (same hash, this suffix)
STAMP = '{"generated_at":"'

_lock = threading.Lock()
_bodies = OrderedDict()    # body bytes -> gzipped bytes (the last few snapshots)
_files = {}                # path -> (mtime_ns, size, version, gzipped bytes or None)
BODY_CACHE_SIZE = 4


def _digest(data):
    """A short hex digest (80 bits: collisions are not a concern for a validator of one resource)."""
    return hashlib.blake2b(data, digest_size=10).hexdigest()


def snapshot_etag(text):
    """The strong tag of a snapshot's JSON text: its bytes, without the ``generated_at`` stamp.

    The stamp is the merge time; leaving it out makes the tag change only when something shown on the
    page changes, which is what lets a poll answer 304. The page takes the time of a 304 from its Date.

    Args:
        text: The snapshot JSON (``generated_at`` its first key, as the memo serialises it).

    Returns:
        str: A quoted tag such as ``"3f2a..."``.
    """
    if text.startswith(STAMP):
        end = text.find('"', len(STAMP))
        text = text[:len(STAMP)] + text[end:] if end > 0 else text
    return f'"{_digest(text.encode())}"'


def gz_tag(etag):
    """The tag of the gzipped representation of an entity.

    Args:
        etag: The identity tag (quoted).

    Returns:
        str: The same tag with ``-gz`` before the closing quote.
    """
    return etag[:-1] + GZ_SUFFIX + '"' if etag.endswith('"') else etag


def matching_tag(if_none_match, etag):
    """The tag of an ``If-None-Match`` header that names this entity, in either encoding.

    Args:
        if_none_match: The header value (may be None).
        etag: The identity tag (quoted).

    Returns:
        str | None: The tag that matched (``*`` counts as the identity tag), or None.
    """
    if not if_none_match or not etag:
        return None
    for tag in (t.strip() for t in if_none_match.split(",")):
        if tag == "*":
            return etag
        tag = tag[2:] if tag.startswith("W/") else tag  # If-None-Match compares weakly
        if tag in (etag, gz_tag(etag)):
            return tag
    return None


def accepts_gzip(accept_encoding):
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip;q=0`` refuses it).

    Args:
        accept_encoding: The header value (may be None).

    Returns:
        bool: True when gzip (or ``*``) is listed with a non-zero quality.
    """
    allowed = None
    for part in (accept_encoding or "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding.strip() in ("gzip", "x-gzip"):
            return q > 0
        if coding.strip() == "*":
            allowed = q > 0
    return bool(allowed)


def gzip_bytes(data):
    """Gzip bytes reproducibly (mtime 0), so one body always gives the same gzipped bytes.

    Args:
        data: Bytes.

    Returns:
        bytes: The gzip stream.
    """
    return gzip.compress(data, GZIP_LEVEL, mtime=0)


def gzip_body(data, cache=False):
    """Gzip a response body, from the cache when these bytes were compressed lately.

    Args:
        data: The body bytes.
        cache: Keep the result (snapshots: many browsers fetch the same bytes within its life).

    Returns:
        bytes: The gzip stream.
    """
    if not cache:
        return gzip_bytes(data)
    with _lock:
        hit = _bodies.get(data)
        if hit is not None:
            _bodies.move_to_end(data)
            return hit
    packed = gzip_bytes(data)
    with _lock:
        _bodies[data] = packed
        while len(_bodies) > BODY_CACHE_SIZE:
            _bodies.popitem(last=False)
    return packed


def _file_entry(path, want_gzip):
    """The cached (version, gzipped bytes) of a file, refreshed when its mtime or size changed."""
    st = os.stat(path)
    with _lock:
        entry = _files.get(path)
    if entry is None or entry[:2] != (st.st_mtime_ns, st.st_size) or (want_gzip and entry[3] is None):
        with open(path, "rb") as fh:
            data = fh.read()
        packed = gzip_bytes(data) if want_gzip and len(data) >= MIN_GZIP_BYTES else None
        entry = (st.st_mtime_ns, st.st_size, _digest(data), packed)
        with _lock:
            _files[path] = entry
    return entry[2], entry[3]


def file_version(path):
    """A short hash of a file's content, for ``?v=`` in asset URLs (recomputed when the file changes).

    Args:
        path: The file's path.

    Returns:
        str: 20 hex digits, or "" when the file cannot be read.
    """
    try:
        return _file_entry(str(path), False)[0]
    except OSError:
        return ""


def file_gzip(path):
    """A file's gzipped bytes, compressed once per version of the file.

    Args:
        path: The file's path.

    Returns:
        bytes | None: The gzip stream, or None for a file under ``MIN_GZIP_BYTES`` or unreadable.
    """
    try:
        return _file_entry(str(path), True)[1]
    except OSError:
        return None
