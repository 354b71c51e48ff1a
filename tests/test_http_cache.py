"""
Operations Command Center - HTTP Caching Tests

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The summary's ETag and 304 (only after the login check), its
    ``no-cache, private``; gzip of the summary and the static assets done by
    the blueprint itself (Vary, a tag of its own, nothing for tiny bodies, the
    HTML or a client that refuses gzip); versioned asset URLs cached for a
    year; per-file gzip computed once per version. Through the Flask test
    client and through a real waitress server on 127.0.0.1 with requests,
    whose gzipped bytes must decode to the same JSON.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation (issue 17, part 3)
"""

import gzip
import json
import re
import threading

import pytest
import requests
from waitress import create_server

from modules.ops_center.services import http_cache
from tests.conftest import PASSWORDS, csrf_from, login

ASSET_RE = re.compile(r'(?:src|href)="(/ops/(?:static|vendor)/[^"]+)"')


def fetch(client, url, **headers):
    """GET through the test client, the body read and the response closed (static files are streamed)."""
    with client.get(url, headers=headers) as resp:
        resp.body = resp.get_data()
    return resp


def without_stamp(body):
    """The snapshot without its merge time (two requests may fall into two merges)."""
    snap = json.loads(body)
    snap.pop("generated_at")
    return snap


def test_summary_has_a_strong_tag_and_answers_304(op_client):
    first = op_client.get("/ops/api/summary")
    tag = first.headers["ETag"]
    assert first.status_code == 200 and re.fullmatch(r'"[0-9a-f]{20}"', tag), tag
    assert first.headers["Cache-Control"] == "no-cache, private"
    again = op_client.get("/ops/api/summary", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag and again.headers["Cache-Control"] == "no-cache, private"
    listed = op_client.get("/ops/api/summary", headers={"If-None-Match": f'"nope", W/{tag}'})
    assert listed.status_code == 304, "a list and a weak form of the tag match too (weak comparison)"
    other = op_client.get("/ops/api/summary", headers={"If-None-Match": '"0000"'})
    assert other.status_code == 200 and other.headers["ETag"] == tag


def test_the_tag_follows_the_content_not_the_merge_time():
    a = '{"generated_at":"2026-12-02T10:00:00+00:00","overall":"ok","pdus":[]}'
    b = '{"generated_at":"2026-12-02T10:00:31+00:00","overall":"ok","pdus":[]}'
    c = '{"generated_at":"2026-12-02T10:00:31+00:00","overall":"degraded","pdus":[]}'
    assert http_cache.snapshot_etag(a) == http_cache.snapshot_etag(b) != http_cache.snapshot_etag(c)
    assert http_cache.snapshot_etag('{"overall":"ok"}') != http_cache.snapshot_etag('{"overall":"down"}')


def test_a_switched_outlet_changes_the_tag(app, op_client):
    token = login(op_client)
    tag = op_client.get("/ops/api/summary").headers["ETag"]
    resp = op_client.post("/ops/api/pdu/pdu-1/outlets/3", json={"state": "on"}, headers={"X-CSRFToken": token})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    after = op_client.get("/ops/api/summary", headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag


def test_no_304_and_no_data_before_login(app, op_client):
    tag = op_client.get("/ops/api/summary").headers["ETag"]
    client = app.test_client()
    for header in (tag, "*"):
        resp = client.get("/ops/api/summary", headers={"If-None-Match": header, "Accept-Encoding": "gzip"})
        assert resp.status_code == 401 and "ETag" not in resp.headers
        assert resp.get_json()["error"]["message"] == "login required"
    page = client.get("/ops/", headers={"If-None-Match": "*"})
    assert page.status_code == 302 and "/login" in page.headers["Location"]


def test_summary_gzip_decodes_to_the_same_json(op_client):
    plain = op_client.get("/ops/api/summary")
    packed = op_client.get("/ops/api/summary", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 3
    assert without_stamp(gzip.decompress(packed.data)) == without_stamp(plain.data)
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + '-gz"', "the gzipped bytes have a tag of their own"
    for tag in (packed.headers["ETag"], plain.headers["ETag"]):
        resp = op_client.get("/ops/api/summary", headers={"Accept-Encoding": "gzip", "If-None-Match": tag})
        assert resp.status_code == 304 and resp.data == b"" and "Content-Encoding" not in resp.headers
    refused = op_client.get("/ops/api/summary", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers


def test_html_and_tiny_bodies_stay_plain(op_client):
    page = op_client.get("/ops/", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and "Content-Encoding" not in page.headers, "the page carries the CSRF token"
    tiny = fetch(op_client, "/ops/static/ops_center/vendor/uplot/VERSION", **{"Accept-Encoding": "gzip"})
    assert tiny.status_code == 200 and len(tiny.body) < 1024 and "Content-Encoding" not in tiny.headers


def test_assets_are_versioned_immutable_and_gzipped(op_client):
    html = op_client.get("/ops/").get_data(as_text=True)
    urls = [u.replace("&amp;", "&") for u in ASSET_RE.findall(html)]
    assert any("uPlot.iife.min.js" in u for u in urls) and any("jquery.min.js" in u for u in urls)
    assert all(re.search(r"[?&]v=[0-9a-f]{20}$", u) for u in urls), urls
    gz = {"Accept-Encoding": "gzip"}
    for url in urls:
        plain, packed = fetch(op_client, url), fetch(op_client, url, **gz)
        assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
        assert packed.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
        assert "Accept-Encoding" in packed.headers["Vary"]
        if len(plain.body) >= 1024:
            assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.body) == plain.body, url
            assert packed.headers["ETag"].endswith('-gz"')
        again = fetch(op_client, url, **gz, **{"If-None-Match": packed.headers["ETag"]})
        assert again.status_code == 304 and again.body == b"", url
        bare = fetch(op_client, url.split("?")[0])
        assert bare.headers["Cache-Control"] == "public, max-age=300", "without its version: a short max-age"
        stale = fetch(op_client, url.split("?")[0] + "?v=0123456789abcdef0123")
        assert stale.headers["Cache-Control"] == "public, max-age=300", "an old version is not kept for a year"


def test_a_file_is_gzipped_once_per_version(tmp_path):
    path = tmp_path / "big.js"
    path.write_text("var x = 1;\n" * 500)
    first = http_cache.file_gzip(path)
    version = http_cache.file_version(path)
    assert http_cache.file_gzip(path) is first, "the second request takes the cached bytes"
    path.write_text("var y = 2;\n" * 600)
    assert http_cache.file_gzip(path) is not first and gzip.decompress(http_cache.file_gzip(path)) == path.read_bytes()
    assert http_cache.file_version(path) != version
    assert http_cache.file_gzip(tmp_path / "missing.js") is None and http_cache.file_version(tmp_path / "x") == ""


@pytest.mark.parametrize("header, ok", [("gzip", True), ("deflate, gzip;q=0.5", True), ("gzip;q=0", False),
                                        ("*", True), ("*;q=0", False), ("br", False), ("", False), (None, False),
                                        ("GZIP", True), ("gzip;q=bad", False)])
def test_accept_encoding(header, ok):
    assert http_cache.accepts_gzip(header) is ok


@pytest.fixture
def waitress_url(app):
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(5)


def waitress_login(url):
    """A requests session signed in as the operator through the real form."""
    s = requests.Session()
    token = csrf_from(s.get(f"{url}/login", timeout=10).text)
    resp = s.post(f"{url}/login", data={"username": "op", "password": PASSWORDS["op"], "csrf_token": token},
                  allow_redirects=False, timeout=10)
    assert resp.status_code == 302
    return s


def test_through_waitress_gzip_bytes_decode_to_the_same_json(waitress_url):
    assert requests.get(f"{waitress_url}/ops/api/summary", timeout=10).status_code == 401
    s = waitress_login(waitress_url)
    plain = s.get(f"{waitress_url}/ops/api/summary", headers={"Accept-Encoding": "identity"}, timeout=10)
    raw = s.get(f"{waitress_url}/ops/api/summary", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=10)
    wire = raw.raw.read(decode_content=False)
    assert raw.headers["Content-Encoding"] == "gzip" and int(raw.headers["Content-Length"]) == len(wire)
    assert without_stamp(gzip.decompress(wire)) == without_stamp(plain.content)
    assert "Accept-Encoding" in raw.headers["Vary"] and raw.headers["Cache-Control"] == "no-cache, private"
    not_modified = s.get(f"{waitress_url}/ops/api/summary", headers={"If-None-Match": raw.headers["ETag"]}, timeout=10)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["ETag"] == raw.headers["ETag"]
    sizes = {"summary": (len(plain.content), len(wire))}
    page = s.get(f"{waitress_url}/ops/", timeout=10)
    total = [len(page.content), len(page.content)]
    for url in ASSET_RE.findall(page.text):
        url = waitress_url + url.replace("&amp;", "&")
        ident = s.get(url, headers={"Accept-Encoding": "identity"}, timeout=10).content
        packed = s.get(url, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=10)
        body = packed.raw.read(decode_content=False)
        if packed.headers.get("Content-Encoding") == "gzip":
            assert gzip.decompress(body) == ident, url
        total[0] += len(ident)
        total[1] += len(body)
    sizes["page"] = tuple(total)
    print(f"\nbytes (plain, gzip): {sizes}")
    assert total[1] < total[0] / 2
