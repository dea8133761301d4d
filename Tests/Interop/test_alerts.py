"""Alert rules through HTTP: LLMScope's documented requests replayed, and rules evaluated by
one leader among two replicas, whose firings and resolutions reach a real receiver signed."""

import json
import time

from standardwebhooks import Webhook

from conftest import start_server, stop_server
from test_seed_contracts import seed
from test_webhooks import RECEIVER_ENV, Receiver, call, create_webhook, hooks_server, owner  # noqa: F401 (fixture)

ALERTS_ENV = {**RECEIVER_ENV, "TOKENLEDGER_ALERT_EVALUATION_SECONDS": "1"}


def llmscope_request() -> dict:
    text = seed("003")
    block = text[text.index("#### POST /alerts/rules"):]
    return json.JSONDecoder().raw_decode(block[block.index("{"):])[0]


def test_llmscope_alert_rule_requests_replay(hooks_server):
    token = owner(hooks_server)
    created = call(hooks_server, token, "POST", "/api/v1/alerts/rules", llmscope_request())
    assert created.status_code == 201, created.text
    rule = created.json()
    assert rule["name"] == "High latency alert" and rule["condition"] == "avg_latency"
    assert rule["threshold"] == 2000 and rule["enabled"] is True and rule["state"] == "ok"
    listed = call(hooks_server, token, "GET", "/api/v1/alerts/rules").json()
    # LLMScope reads `rules`, with the fields it documents.
    assert [{k: r[k] for k in ("id", "name", "condition", "threshold", "enabled")} for r in listed["rules"]] == [
        {"id": rule["id"], "name": "High latency alert", "condition": "avg_latency", "threshold": 2000, "enabled": True}]
    assert listed["data"] == listed["rules"]
    changed = call(hooks_server, token, "PUT", f"/api/v1/alerts/rules/{rule['id']}", {"threshold": 1500.5, "comparison": "gte"})
    assert changed.json()["threshold"] == 1500.5 and changed.json()["comparison"] == "gte"
    for body, field in [({"condition": "avg_latency", "threshold": 1}, "name"), ({"name": "x", "threshold": 1}, "condition"),
                        ({"name": "x", "condition": "error_rate", "threshold": 1, "window_minutes": 0}, "window_minutes")]:
        refused = call(hooks_server, token, "POST", "/api/v1/alerts/rules", body)
        assert refused.status_code == 422 and field in [f["field"] for f in refused.json()["error"]["details"]["fields"]]
    assert call(hooks_server, token, "DELETE", f"/api/v1/alerts/rules/{rule['id']}").status_code == 204
    assert call(hooks_server, token, "GET", f"/api/v1/alerts/rules/{rule['id']}").status_code == 404


def usage(server, token, status, count):
    for _ in range(count):
        response = call(server, token, "POST", "/api/v1/usage", {
            "provider": "openai", "model": "gpt-4o", "usage": {"prompt_tokens": 10, "completion_tokens": 5}, "status": status,
            "latency_ms": 100})
        assert response.status_code == 201, response.text


def test_one_leader_of_two_replicas_fires_and_resolves(tokenledger, fresh_database_url):
    servers = [start_server(tokenledger, fresh_database_url, ALERTS_ENV) for _ in range(2)]
    receiver = Receiver()
    try:
        server = servers[0]
        token = owner(server)
        _, secret = create_webhook(server, token, receiver.url, event_types=["alert.triggered", "alert.resolved"])
        rule = call(server, token, "POST", "/api/v1/alerts/rules", {
            "name": "errors", "condition": "error_rate", "comparison": "gt", "threshold": 0.5, "window_minutes": 60,
            "cooldown_minutes": 0}).json()
        usage(servers[1], token, "error", 3)
        headers, body = receiver.wait_for(1, timeout=20)[0]
        triggered = Webhook(secret).verify(body, headers)
        assert triggered["type"] == "alert.triggered" and triggered["data"]["rule_id"] == rule["id"]
        assert triggered["data"]["value"] == "1" and triggered["data"]["condition"] == "error_rate"
        assert call(server, token, "GET", f"/api/v1/alerts/rules/{rule['id']}").json()["state"] == "firing"

        usage(servers[0], token, "success", 4)  # 3 errors in 7 requests: under half
        received = receiver.wait_for(2, timeout=20)
        resolved = Webhook(secret).verify(received[1][1], received[1][0])
        assert resolved["type"] == "alert.resolved"
        # Several rounds later, on both replicas, still one firing and one resolution.
        time.sleep(3)
        events = call(server, token, "GET", f"/api/v1/alerts/events?rule_id={rule['id']}").json()["data"]
        assert [e["kind"] for e in events] == ["resolved", "triggered"]
        assert len(receiver.requests) == 2
    finally:
        receiver.close()
        for running in servers:
            stop_server(running)
