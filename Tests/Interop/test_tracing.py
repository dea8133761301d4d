"""Tracing as a collector sees it: the real binary exports OTLP/HTTP (JSON) to a stand-in
collector in this test. A request with a W3C `traceparent` gives a server span named for its
route, child of the caller's span, with database spans under it; its log lines carry the trace
id; and the webhook it causes continues the trace with its own `traceparent`."""

import base64
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from conftest import free_port, start_server, stop_server
from test_webhooks import RECEIVER_ENV, Receiver, owner


class Collector:
    """Keeps every span posted to /v1/traces."""

    def __init__(self):
        self.spans: list[dict] = []
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                for resource in body.get("resourceSpans", []):
                    for scope in resource.get("scopeSpans", []):
                        collector.spans.extend(scope.get("spans", []))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def hex_id(value: str) -> str:
    """OTLP JSON ids, as swift-otel writes them (protobuf JSON: base64), in hex."""
    try:
        int(value, 16)
        return value.lower()
    except ValueError:
        return base64.b64decode(value).hex()


def wait_for(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    return None


def test_a_requests_spans_continue_the_callers_trace_down_to_its_queries_and_webhooks(tokenledger, fresh_database_url):
    collector = Collector()
    receiver = Receiver()
    server = start_server(tokenledger, fresh_database_url, {
        **RECEIVER_ENV, "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{collector.port}",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json", "OTEL_BSP_SCHEDULE_DELAY": "100"})
    try:
        token = owner(server)
        trace_id, parent_id = uuid.uuid4().hex, uuid.uuid4().hex[:16]
        request_id = "trace-test-" + uuid.uuid4().hex[:8]
        created = requests.post(server.url("/api/v1/webhooks"), headers={
            "Authorization": f"Bearer {token}", "traceparent": f"00-{trace_id}-{parent_id}-01", "X-Request-ID": request_id,
        }, json={"url": receiver.url, "event_types": ["budget.alert"]}, timeout=10)
        assert created.status_code == 201, created.text
        hook = created.json()["webhook"]["id"] if "webhook" in created.json() else created.json()["id"]
        sent = requests.post(server.url(f"/api/v1/webhooks/{hook}/test"), headers={
            "Authorization": f"Bearer {token}", "traceparent": f"00-{trace_id}-{parent_id}-01"}, timeout=10)
        assert sent.status_code in (200, 201, 202), sent.text

        def ours():
            return [s for s in collector.spans if hex_id(s["traceId"]) == trace_id]

        def server_span():
            return next((s for s in ours() if s["name"] == "/api/v1/webhooks/{id}/test"), None)

        request_span = wait_for(server_span)
        assert request_span, sorted({(s["name"], hex_id(s["traceId"]) == trace_id) for s in collector.spans})
        assert hex_id(request_span["parentSpanId"]) == parent_id
        created_span = next(s for s in ours() if s["name"] == "/api/v1/webhooks")
        attributes = {a["key"]: a["value"] for a in created_span["attributes"]}
        assert attributes["http.response.header.x_request_id"]["stringValue"] == request_id

        def children_of(span):
            return [s for s in ours() if hex_id(s.get("parentSpanId", "")) == hex_id(span["spanId"])]

        below = children_of(request_span)
        assert any(s["name"].startswith("db.") for s in below), [s["name"] for s in below]
        queries = [s for s in ours() if s["name"] == "db.query"]
        assert queries and all("db.query.text" in {a["key"] for a in q["attributes"]} for q in queries)

        # The delivery continues the trace: its attempt's span hangs under the request's, and
        # the receiver got a traceparent of the same trace.
        headers, _ = receiver.wait_for(1)[0]
        traceparent = headers.get("traceparent")
        assert traceparent and traceparent.split("-")[1] == trace_id
        attempt = wait_for(lambda: next((s for s in ours() if s["name"] == "webhook.deliver"), None))
        assert attempt
        ancestors = {hex_id(s["spanId"]): s for s in ours()}
        parent = ancestors.get(hex_id(attempt["parentSpanId"]))
        while parent is not None and parent is not request_span:
            parent = ancestors.get(hex_id(parent.get("parentSpanId", "")))
        assert parent is request_span

        # The request's log lines carry its trace id.
        lines = [json.loads(line) for line in server.stderr().splitlines() if line.startswith("{")]
        logged = [line for line in lines if line.get("request_id") == request_id]
        assert logged and all(line.get("trace_id") == trace_id for line in logged), logged
    finally:
        stop_server(server)
        receiver.close()
        collector.close()


def test_without_an_exporter_the_callers_trace_id_is_still_logged(tokenledger, fresh_database_url):
    # No OTEL_* variable: the tracer samples nothing, yet the line a person greps first, the
    # JSON access-log line, carries the trace id the caller sent.
    server = start_server(tokenledger, fresh_database_url)
    try:
        token = owner(server)
        trace_id, parent_id = uuid.uuid4().hex, uuid.uuid4().hex[:16]
        request_id = f"untraced-{uuid.uuid4().hex[:8]}"
        answer = requests.get(server.url("/api/v1/auth/me"), headers={
            "Authorization": f"Bearer {token}", "traceparent": f"00-{trace_id}-{parent_id}-01", "X-Request-ID": request_id},
            timeout=10)
        assert answer.status_code == 200
        lines = [json.loads(line) for line in server.stderr().splitlines() if line.startswith("{")]
        access = [line for line in lines if line.get("request_id") == request_id and line.get("message") == "request"]
        assert access and access[0].get("trace_id") == trace_id, access
    finally:
        stop_server(server)
