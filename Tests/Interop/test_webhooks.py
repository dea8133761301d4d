"""Webhooks received by a real receiver that verifies every delivery with the Standard
Webhooks reference library (`standardwebhooks`): signatures, secret rotation, a receiver that
is down and comes back, a server SIGKILLed mid-delivery, 410 Gone, and SSRF refusals."""

import json
import signal
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from standardwebhooks import Webhook

from conftest import free_port, start_server, stop_server

# Fast retries, loopback receivers: what a test needs and production must not allow by default.
RECEIVER_ENV = {
    "TOKENLEDGER_WEBHOOK_ALLOW_HTTP": "true",
    "TOKENLEDGER_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
    "TOKENLEDGER_WEBHOOK_RETRY_SECONDS": "1,1,1,1,1,1,1,1,1,1",
    "TOKENLEDGER_WEBHOOK_POLL_MS": "100",
    "TOKENLEDGER_WEBHOOK_TIMEOUT_SECONDS": "2",
}


class Receiver:
    """A webhook receiver on loopback: records each request and answers `status`, the first
    ones after the waits in `delays`."""

    def __init__(self, port: int | None = None, status: int = 200, delays: list[float] | None = None):
        self.port = port or free_port()
        self.status = status
        self.delays = list(delays or [])
        self.requests: list[tuple[dict, bytes]] = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.arrived:
                    receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                    receiver.arrived.notify_all()
                    delay = receiver.delays.pop(0) if receiver.delays else 0
                time.sleep(delay)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def wait_for(self, count: int, timeout: float = 15) -> list[tuple[dict, bytes]]:
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.requests) >= count, timeout), (
                f"{len(self.requests)} of {count} deliveries arrived")
            return list(self.requests)

    def of_type(self, event_type: str) -> list[tuple[dict, bytes]]:
        with self.arrived:
            return [(h, b) for h, b in self.requests if json.loads(b)["type"] == event_type]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def hooks_server(tokenledger, fresh_database_url):
    running = start_server(tokenledger, fresh_database_url, RECEIVER_ENV)
    yield running
    if running.process.poll() is None:
        stop_server(running)


def owner(server) -> str:
    response = requests.post(server.url("/api/v1/auth/register"), json={
        "email": f"hooks-{uuid.uuid4().hex[:8]}@example.com", "password": "webhook passphrase", "name": "Hooks",
        "organization_name": f"Hooks {uuid.uuid4().hex[:6]}",
    }, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["access_token"]


def call(server, token, method, path, body=None):
    return requests.request(method, server.url(path), json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def create_webhook(server, token, url, **fields) -> tuple[str, str]:
    response = call(server, token, "POST", "/api/v1/webhooks", {"url": url, **fields})
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["secret"].startswith("whsec_")
    return created["webhook"]["id"], created["secret"]


def wait_until(check, timeout=20.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def test_deliveries_verify_with_standardwebhooks(hooks_server, receiver):
    token = owner(hooks_server)
    webhook_id, secret = create_webhook(hooks_server, token, receiver.url, event_types=["api_key.created"])
    key = call(hooks_server, token, "POST", "/api/v1/api-keys", {"name": "ci", "permissions": ["usage:write"]})
    assert key.status_code == 201
    test = call(hooks_server, token, "POST", f"/api/v1/webhooks/{webhook_id}/test")
    assert test.status_code == 202, test.text
    assert test.json()["message_id"].startswith("msg_")

    received = receiver.wait_for(2)
    verifier = Webhook(secret)
    payloads = [verifier.verify(body, headers) for headers, body in received]
    by_type = {p["type"]: p for p in payloads}
    created = by_type["api_key.created"]
    assert created["event"] == "api_key.created"  # CostLLM's name for the same field
    assert created["data"]["api_key_id"] == key.json()["key"]["id"]
    assert created["org_id"] and created["user_id"] and created["timestamp"].endswith("Z")
    assert by_type["webhook.test"]["data"]["webhook_id"] == webhook_id
    for headers, body in received:
        with pytest.raises(Exception):
            Webhook(secret).verify(body + b" ", headers)  # the signature covers the exact bytes

    def delivered():
        listed = call(hooks_server, token, "GET", f"/api/v1/webhooks/{webhook_id}/deliveries").json()["data"]
        return listed if all(d["status"] == "delivered" for d in listed) and len(listed) == 2 else None
    listed = wait_until(delivered)
    attempt = listed[0]["attempts"][0]
    assert attempt["status_code"] == 200 and attempt["response"] == "ok" and attempt["latency_ms"] >= 0

    # An event the endpoint did not subscribe to is not sent to it.
    member = call(hooks_server, token, "POST", "/api/v1/admin/users", {"email": "m@example.com", "role": "member"})
    assert member.status_code == 201
    time.sleep(1)
    assert receiver.of_type("member.added") == []


def test_secret_rotation_signs_with_both_secrets(hooks_server, receiver):
    token = owner(hooks_server)
    webhook_id, old_secret = create_webhook(hooks_server, token, receiver.url)
    rotated = call(hooks_server, token, "POST", f"/api/v1/webhooks/{webhook_id}/rotate-secret")
    assert rotated.status_code == 200, rotated.text
    new_secret = rotated.json()["secret"]
    assert new_secret != old_secret
    assert call(hooks_server, token, "POST", f"/api/v1/webhooks/{webhook_id}/test").status_code == 202
    headers, body = receiver.wait_for(1)[0]
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert Webhook(new_secret).verify(body, headers)["type"] == "webhook.test"
    assert Webhook(old_secret).verify(body, headers)["type"] == "webhook.test"


def test_a_receiver_that_is_down_gets_the_event_when_it_comes_back(hooks_server):
    token = owner(hooks_server)
    port = free_port()
    webhook_id, secret = create_webhook(hooks_server, token, f"http://127.0.0.1:{port}/hook")
    delivery = call(hooks_server, token, "POST", f"/api/v1/webhooks/{webhook_id}/test").json()

    def failed_attempts():
        listed = call(hooks_server, token, "GET", f"/api/v1/webhooks/{webhook_id}/deliveries").json()["data"]
        return len(listed[0]["attempts"]) >= 2 and listed[0]
    pending = wait_until(failed_attempts)
    assert pending["status"] == "pending" and "status_code" not in pending["attempts"][0]
    assert pending["next_attempt_at"]

    late = Receiver(port=port)
    try:
        headers, body = late.wait_for(1)[0]
        assert headers["webhook-id"] == delivery["message_id"]
        assert Webhook(secret).verify(body, headers)["type"] == "webhook.test"
    finally:
        late.close()


def test_a_delivery_cut_off_by_sigkill_is_sent_again_after_restart(tokenledger, fresh_database_url):
    # The first attempt hangs: the server is killed while it waits for the answer.
    receiver = Receiver(delays=[30])
    try:
        server = start_server(tokenledger, fresh_database_url, RECEIVER_ENV)
        token = owner(server)
        webhook_id, secret = create_webhook(server, token, receiver.url)
        delivery = call(server, token, "POST", f"/api/v1/webhooks/{webhook_id}/test").json()
        receiver.wait_for(1)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)

        restarted = start_server(tokenledger, fresh_database_url, RECEIVER_ENV)
        try:
            received = receiver.wait_for(2, timeout=30)
            assert [headers["webhook-id"] for headers, _ in received] == [delivery["message_id"]] * 2
            assert Webhook(secret).verify(received[1][1], received[1][0])["type"] == "webhook.test"
            listed = wait_until(lambda: [
                d for d in call(restarted, token, "GET", f"/api/v1/webhooks/{webhook_id}/deliveries").json()["data"]
                if d["status"] == "delivered"])
            assert listed[0]["id"] == delivery["id"]
        finally:
            stop_server(restarted)
    finally:
        receiver.close()


def test_410_gone_disables_the_endpoint_and_says_so(hooks_server, receiver):
    token = owner(hooks_server)
    gone = Receiver(status=410)
    try:
        gone_id, _ = create_webhook(hooks_server, token, gone.url)
        watcher_id, watcher_secret = create_webhook(hooks_server, token, receiver.url, event_types=["webhook.disabled"])
        assert call(hooks_server, token, "POST", f"/api/v1/webhooks/{gone_id}/test").status_code == 202
        headers, body = receiver.wait_for(1)[0]
        disabled = Webhook(watcher_secret).verify(body, headers)
        assert disabled["type"] == "webhook.disabled"
        assert disabled["data"] == {"webhook_id": gone_id, "reason": "gone"}
        endpoint = call(hooks_server, token, "GET", f"/api/v1/webhooks/{gone_id}").json()
        assert endpoint["enabled"] is False and endpoint["disabled_reason"] == "gone"
        audit = call(hooks_server, token, "GET", "/api/v1/audit-log?action=webhook.disabled").json()["data"]
        assert [entry["target_id"] for entry in audit] == [gone_id]
        assert call(hooks_server, token, "POST", f"/api/v1/webhooks/{gone_id}/test").status_code == 409
        assert len(gone.requests) == 1
        # Turned on again by its owner, it receives again.
        gone.status = 200
        enabled = call(hooks_server, token, "PATCH", f"/api/v1/webhooks/{gone_id}", {"enabled": True})
        assert enabled.json()["enabled"] is True and "disabled_reason" not in enabled.json()
        assert call(hooks_server, token, "POST", f"/api/v1/webhooks/{gone_id}/test").status_code == 202
        gone.wait_for(2)
    finally:
        gone.close()


@pytest.mark.parametrize("url, reason", [
    ("http://example.com/hook", "https"),
    ("https://127.0.0.1/hook", "loopback"),
    ("https://localhost:8443/hook", "loopback"),
    ("https://10.1.2.3/hook", "private"),
    ("https://192.168.0.10/hook", "private"),
    ("https://169.254.169.254/latest/meta-data", "link-local"),
    ("https://100.64.0.1/hook", "carrier-grade NAT"),
    ("https://[::1]/hook", "loopback"),
    ("https://[fd00:ec2::254]/hook", "unique local"),
    ("https://[::ffff:10.0.0.1]/hook", "private"),
    ("https://0.0.0.0/hook", "unspecified"),
    ("https://user:pw@hooks.example.com/hook", "credentials"),
    ("ftp://hooks.example.com/hook", None),
])
def test_unsafe_destinations_are_refused_at_creation(server, url, reason):
    token = owner(server)
    response = call(server, token, "POST", "/api/v1/webhooks", {"url": url})
    assert response.status_code == 422, response.text
    details = response.json()["error"]["details"]["fields"]
    assert details[0]["field"] == "url"
    if reason:
        assert reason in details[0]["message"]


def test_the_destination_is_checked_again_at_delivery(tokenledger, fresh_database_url, receiver):
    allowed = start_server(tokenledger, fresh_database_url, RECEIVER_ENV)
    token = owner(allowed)
    webhook_id, _ = create_webhook(allowed, token, receiver.url)
    stop_server(allowed)
    # The same endpoint on a server whose policy no longer allows loopback, as when a name
    # saved while public is pointed at an internal address later.
    strict = start_server(tokenledger, fresh_database_url, {**RECEIVER_ENV, "TOKENLEDGER_WEBHOOK_ALLOWED_HOSTS": ""})
    try:
        assert call(strict, token, "POST", f"/api/v1/webhooks/{webhook_id}/test").status_code == 202

        def refused():
            listed = call(strict, token, "GET", f"/api/v1/webhooks/{webhook_id}/deliveries").json()["data"]
            return listed[0]["attempts"] and listed[0]["attempts"][0]
        attempt = wait_until(refused)
        assert "status_code" not in attempt and "loopback" in attempt["response"]
        assert receiver.requests == []
    finally:
        stop_server(strict)
