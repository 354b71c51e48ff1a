"""
Operations Command Center - HTTP Caching of Responses

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: What the module does itself, without any host middleware, to
    keep polling cheap: versioned asset URLs (``?v=<content hash>``) with
    year-long immutable caching, a short max-age without the version, and
    gzip of the snapshot, the read API and the static files when the client
    accepts it (``Vary: Accept-Encoding``; bodies under 1 KB, streams, 304s
    and already encoded bodies stay as they are). The HTML pages are never
    compressed: they carry the CSRF token (BREACH). routes/common.py calls
    ``finish`` after every request of the blueprint.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation (issue 17, part 3)
"""

from pathlib import Path

import xstatic.pkg.jquery as xjquery
from flask import Response, request, url_for
from werkzeug.security import safe_join

from .. import bp
from ..services import http_cache

JQUERY_FILE = Path(xjquery.BASE_DIR) / "jquery.min.js"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
SUMMARY_CACHE = "no-cache, private"  # revalidate every time; the snapshot is per signed-in user
ASSET_ENDPOINTS = {"ops_center.static", "ops_center.jquery"}
GZIP_ENDPOINTS = ASSET_ENDPOINTS | {"ops_center.summary", "ops_center.section", "ops_center.history"}


def asset_path(endpoint, filename=None):
    """The file an asset endpoint serves.

    Args:
        endpoint: ``ops_center.static`` or ``ops_center.jquery``.
        filename: The static file name (static only).

    Returns:
        str | None: The path, or None when it is outside the static folder or not an asset.
    """
    if endpoint == "ops_center.jquery":
        return str(JQUERY_FILE)
    if endpoint == "ops_center.static" and filename:
        return safe_join(bp.static_folder, filename)
    return None


def asset_url(filename):
    """URL of a static file of the module with its content version (``?v=``).

    Args:
        filename: Path under ``static/`` (``ops_center/js/api.js``).

    Returns:
        str: ``/ops/static/...?v=<hash>``; without ``v`` when the file cannot be read.
    """
    version = http_cache.file_version(asset_path("ops_center.static", filename) or "")
    return url_for("ops_center.static", filename=filename, **({"v": version} if version else {}))


def jquery_url():
    """URL of the locally served jQuery with its content version.

    Returns:
        str: ``/ops/vendor/jquery.min.js?v=<hash>``.
    """
    version = http_cache.file_version(JQUERY_FILE)
    return url_for("ops_center.jquery", **({"v": version} if version else {}))


def snapshot_response(text):
    """The summary answer: 200 with the JSON and its tag, or 304 when the client's tag still matches.

    Args:
        text: The snapshot JSON text.

    Returns:
        Response: 200 or an empty 304, both with ``ETag`` and ``Cache-Control: no-cache, private``.
    """
    etag = http_cache.snapshot_etag(text)
    matched = http_cache.matching_tag(request.headers.get("If-None-Match"), etag)
    headers = {"ETag": matched or etag, "Cache-Control": SUMMARY_CACHE}
    if matched:
        return Response(status=304, headers=headers)
    return Response(text, mimetype="application/json", headers=headers)


def _asset_headers(response, path):
    """Year-long caching for the current version's URL, a short max-age otherwise; 304 for a gzip tag."""
    version = http_cache.file_version(path) if path else ""
    wanted = request.args.get("v")
    response.headers["Cache-Control"] = IMMUTABLE if version and wanted == version else SHORT
    etag = response.headers.get("ETag")
    if response.status_code == 200 and etag and http_cache.accepts_gzip(request.headers.get("Accept-Encoding")):
        matched = http_cache.matching_tag(request.headers.get("If-None-Match"), etag)
        if matched:  # the client holds the gzipped copy (its tag has the suffix werkzeug does not know)
            response.close()
            not_modified = Response(status=304, headers={"ETag": matched,
                                                         "Cache-Control": response.headers["Cache-Control"]})
            not_modified.vary.add("Accept-Encoding")
            return not_modified
    return response


def _compress(response, path):
    """Gzip the body in place when the client and the response allow it."""
    response.vary.add("Accept-Encoding")
    if (response.status_code != 200 or "Content-Encoding" in response.headers or request.range is not None
            or not http_cache.accepts_gzip(request.headers.get("Accept-Encoding"))):
        return response
    if path is not None:
        packed = http_cache.file_gzip(path)
        if packed is None:
            return response
        response.close()  # the file send_file opened is not read
        response.direct_passthrough = False
    else:
        if response.is_streamed or response.direct_passthrough:
            return response
        body = response.get_data()
        if len(body) < http_cache.MIN_GZIP_BYTES:
            return response
        packed = http_cache.gzip_body(body, cache=request.endpoint == "ops_center.summary")
    response.set_data(packed)
    response.headers["Content-Encoding"] = "gzip"
    if response.headers.get("ETag"):
        response.headers["ETag"] = http_cache.gz_tag(response.headers["ETag"])
    return response


def finish(response):
    """Apply the asset caching rules and gzip to one response of the blueprint.

    Args:
        response: The outgoing response.

    Returns:
        Response: The same response (or a 304 in its place).
    """
    endpoint = request.endpoint
    if endpoint not in GZIP_ENDPOINTS:
        return response
    path = None
    if endpoint in ASSET_ENDPOINTS:
        path = asset_path(endpoint, (request.view_args or {}).get("filename"))
        response = _asset_headers(response, path)
        if path is None:
            return response
    return _compress(response, path)
