"""
Operations Command Center - LibreNMS Graph Proxy Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The server fetches a WAN's LibreNMS traffic graph with the token
    (never sent to the page), caches it with the status TTL, and turns
    failures into JSON errors instead of broken images.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import pytest

from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from tests.fakes.librenms_fake import ADMIN_TOKEN, PNG_1X1, LibrenmsFake

pytestmark = pytest.mark.usefixtures("test_types")

GRAPH = "/ops/api/librenms/nms/wan/WAN1/graph"


@pytest.fixture
def fake():
    server = LibrenmsFake().start()
    yield server
    server.stop()


@pytest.fixture
def nms(app, fake):
    with app.app_context():
        save_instance("librenms", "nms", {"url": fake.url, "token": ADMIN_TOKEN, "timeout": 1,
                                          "wan_ports": {"WAN1": "323"}})
        session().commit()
    return fake


def graph_calls(fake):
    return [r for r in fake.requests if r.path.endswith("/port_bits")]


def test_graph_is_proxied_with_the_token_and_cached(op_client, nms):
    resp = op_client.get(GRAPH + "?range=24h")
    assert resp.status_code == 200 and resp.mimetype == "image/png" and resp.data == PNG_1X1
    calls = graph_calls(nms)
    assert len(calls) == 1
    assert calls[0].headers.get("X-Auth-Token") == ADMIN_TOKEN
    assert calls[0].path == "/api/v0/devices/3/ports/ether1/port_bits"
    assert int(calls[0].query["to"][0]) - int(calls[0].query["from"][0]) == 86400
    assert op_client.get(GRAPH + "?range=24h").data == PNG_1X1
    assert len(graph_calls(nms)) == 1, "served from the cache inside the status TTL"
    op_client.get(GRAPH + "?range=7d")
    assert len(graph_calls(nms)) == 2, "each range is its own image"
    page = op_client.get("/ops/").get_data(as_text=True) + op_client.get("/ops/api/summary").get_data(as_text=True)
    assert ADMIN_TOKEN not in page


def test_graph_errors_are_json(op_client, nms):
    assert op_client.get("/ops/api/librenms/nms/wan/WAN9/graph").status_code == 404
    assert op_client.get("/ops/api/librenms/ghost/wan/WAN1/graph").status_code == 404
    assert op_client.get(GRAPH + "?range=1y").status_code == 400
    nms.mode = "500"
    resp = op_client.get(GRAPH + "?range=1h")
    assert resp.status_code == 502 and resp.is_json
    assert "bad_response" in resp.get_json()["error"]["message"]
    nms.mode = "unauthorized"
    resp = op_client.get(GRAPH + "?range=30d")
    assert resp.status_code == 502 and "auth_failed" in resp.get_json()["error"]["message"]
    assert ADMIN_TOKEN not in resp.get_data(as_text=True)


def test_graph_requires_login(client, nms):
    assert client.get(GRAPH).status_code == 401
