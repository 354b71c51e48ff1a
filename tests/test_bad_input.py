"""
Operations Command Center - Bad Input Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Every route answers bad input (wrong types, huge bodies,
    unknown instance names, path tricks, wrong methods) with a clear 4xx JSON
    error, never a 500 and never HTML.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import pytest

from tests.conftest import login

HUGE = "x" * (200 * 1024)
POSTS = ["/ops/api/pdu/pdu-1/outlets/4", "/ops/api/alerts/ack", "/ops/api/alerts/unack", "/ops/api/systems",
         "/ops/api/systems/test", "/ops/api/systems/opnsense/active", "/ops/api/systems/opnsense/test"]
BODIES = [None, "null", "[]", '"text"', "42", "{", '{"state": ["on"]}', '{"id": {"a": 1}}', '{"state": "on" }',
          '{"type": 5, "name": null, "settings": []}', '{"active": "yes"}']
GETS = ["/ops/api/nonsense", "/ops/api/switches/..%2F..%2Fetc%2Fpasswd/ports", "/ops/api/switches/%00/ports",
        "/ops/api/history?series=wan:W:rx_mbps&range=%27;drop", "/ops/api/history?series=" + "a" * 5000,
        "/ops/api/audit?limit=abc", "/ops/api/audit?limit=-5", "/ops/api/audit?since=" + "9" * 400,
        "/ops/api/switches/zyxel-1/ports?state=<script>", "/ops/api/pdu/pdu-1/outlets/4",
        "/ops/api/systems/../../etc/passwd"]


@pytest.fixture
def token(op_client):
    op_client.get("/ops/api/summary")
    return login(op_client)


def assert_json_4xx(resp, what):
    assert 400 <= resp.status_code < 500, (what, resp.status_code, resp.get_data(as_text=True)[:200])
    body = resp.get_json()
    assert body and body["error"]["status"] == resp.status_code and body["error"]["message"], what


@pytest.mark.parametrize("url", POSTS)
def test_posts_with_bad_bodies(op_client, token, url):
    for raw in BODIES:
        resp = op_client.post(url, data=raw, content_type="application/json", headers={"X-CSRFToken": token})
        if resp.status_code < 400:
            # Some bodies are valid for some routes (e.g. a state for the outlet route): must then be JSON.
            assert resp.is_json, (url, raw)
            continue
        assert_json_4xx(resp, (url, raw))
    huge = op_client.post(url, data=HUGE, content_type="application/json", headers={"X-CSRFToken": token})
    assert huge.status_code == 413 and huge.is_json
    form = op_client.post(url, data={"state": "off"}, headers={"X-CSRFToken": token})
    assert form.status_code < 500 and form.is_json, url


@pytest.mark.parametrize("url", GETS)
def test_gets_with_bad_parameters(op_client, url):
    resp = op_client.get(url)
    assert_json_4xx(resp, url)


def test_wrong_methods_are_json_405(op_client):
    for url in ("/ops/api/summary", "/ops/api/alerts/ack", "/ops/api/history"):
        resp = op_client.put(url, json={})
        assert_json_4xx(resp, url)


def test_unknown_instances_everywhere(op_client, token):
    headers = {"X-CSRFToken": token}
    assert op_client.post("/ops/api/pdu/zyxel-1/outlets/1", json={"state": "on"}, headers=headers).status_code == 404
    assert op_client.post("/ops/api/pdu/nope/outlets/1", json={"state": "on"}, headers=headers).status_code == 404
    assert op_client.get("/ops/api/switches/pdu-1/ports").status_code == 404
    assert op_client.post("/ops/api/systems/nope/test", json={}, headers=headers).status_code == 404
    assert op_client.delete("/ops/api/systems/nope", headers=headers).status_code == 404
