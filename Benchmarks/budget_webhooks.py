"""Budgets and webhooks under load, against a running server (Benchmarks/budgets-webhooks.sh):

- crossing lag: a budget crossed by an ingest, measured from the ingest's 201 to the signed
  `budget.exceeded` arriving at a local receiver (p50/p99 over SAMPLES crossings);
- deliveries per second: DELIVERIES queued at once (one SQL statement, as a burst of events
  would queue them), from the wake-up to the last one received, against the receiver's own
  rate (`wrk` posting to it with 16 connections, the worker's concurrency);
- the gateway's reserve -> settle pair: THREADS clients, pairs per second and p50/p99, against
  the same clients doing two GET /api/v1/auth/principal per iteration (the pair's HTTP cost).

Usage: budget_webhooks.py BASE_URL DATABASE_URL RECEIVER_PORT"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

BASE, DATABASE_URL, RECEIVER_PORT = sys.argv[1], sys.argv[2], int(sys.argv[3])
SAMPLES = int(os.environ.get("SAMPLES", "50"))
DELIVERIES = int(os.environ.get("DELIVERIES", "5000"))
THREADS = int(os.environ.get("THREADS", "16"))
SECONDS = float(os.environ.get("SECONDS", "8"))

arrivals: dict[str, float] = {}
arrived = threading.Condition()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        now = time.time()
        event = json.loads(body)
        if event["type"].startswith("budget."):
            key = event["data"]["budget_id"] + "/" + event["type"]
        else:
            key = self.headers.get("webhook-id") or uuid.uuid4().hex
        with arrived:
            arrivals.setdefault(key, now)
            arrived.notify_all()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def owner(name):
    response = requests.post(f"{BASE}/api/v1/auth/register", json={
        "email": f"{name}-{uuid.uuid4().hex[:6]}@example.com", "password": "benchmark passphrase", "name": name,
        "organization_name": name}, timeout=10)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def post(path, headers, body=None, session=requests):
    return session.post(f"{BASE}{path}", json=body, headers=headers, timeout=30)


def crossing_lag(headers, receiver_url):
    post("/api/v1/webhooks", headers, {"url": receiver_url, "event_types": ["budget.exceeded"]}).raise_for_status()
    post("/api/v1/pricing", headers, {"provider": "acme", "model": "metered", "rates": {"input_per_million": "10000"}}).raise_for_status()
    # Budget i is crossed by the (i+1)th ingest of 0.10 USD.
    budgets = [post("/api/v1/budgets", headers, {"name": f"lag {i}", "limit_usd": f"{i * 0.1 + 0.05:.2f}", "thresholds": [100]}).json()["id"]
               for i in range(SAMPLES)]
    lags = []
    for budget in budgets:
        response = post("/api/v1/usage", headers, {"provider": "acme", "model": "metered", "usage": {"prompt_tokens": 10, "completion_tokens": 0}})
        committed = time.time()
        response.raise_for_status()
        key = f"{budget}/budget.exceeded"
        with arrived:
            if not arrived.wait_for(lambda: key in arrivals, timeout=10):
                raise SystemExit(f"no budget.exceeded for {budget} within 10 s")
            lags.append((arrivals[key] - committed) * 1000)
    print(f"crossing lag (201 -> receiver), {len(lags)} crossings: p50 {percentile(lags, 0.5):.1f} ms, "
          f"p99 {percentile(lags, 0.99):.1f} ms, max {max(lags):.1f} ms")


def delivery_rate(headers, receiver_url):
    webhook = post("/api/v1/webhooks", headers, {"url": receiver_url}).json()["webhook"]["id"]
    org = requests.get(f"{BASE}/api/v1/organization", headers=headers, timeout=10).json()["id"]
    with arrived:
        before = len(arrivals)
    # Queued as one burst of events would be: one statement, then one wake-up.
    subprocess.run(["psql", DATABASE_URL, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", f"""
        INSERT INTO webhook_deliveries (org_id, id, endpoint_id, event_id, event_type, payload, next_attempt_at)
        SELECT '{org}', gen_random_uuid(), '{webhook}', gen_random_uuid(), 'webhook.test',
               '{{"type":"webhook.test","data":{{}}}}', now() FROM generate_series(1, {DELIVERIES});
        NOTIFY tl_webhook_due;"""], check=True)
    started = time.time()
    with arrived:
        if not arrived.wait_for(lambda: len(arrivals) - before >= DELIVERIES, timeout=300):
            raise SystemExit(f"only {len(arrivals) - before} of {DELIVERIES} deliveries arrived in 300 s")
    elapsed = max(arrivals.values()) - started
    rate = DELIVERIES / elapsed
    script = "/tmp/tokenledger-bench-receiver.lua"
    with open(script, "w") as lua:
        lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                  'wrk.body = \'{"type":"webhook.test","data":{}}\'\n')
    output = subprocess.run(["wrk", "-t2", "-c16", "-d5s", "-s", script, receiver_url], capture_output=True, text=True, check=True).stdout
    receiver_rate = float(next(line for line in output.splitlines() if line.startswith("Requests/sec")).split()[1])
    print(f"deliveries: {DELIVERIES} in {elapsed:.2f} s = {rate:.0f}/s; the receiver alone (wrk, 16 connections): "
          f"{receiver_rate:.0f}/s; ratio {rate / receiver_rate:.2f}")


def load(label, headers, iteration):
    latencies = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client():
        session = requests.Session()
        mine = []
        while time.monotonic() < deadline:
            started = time.monotonic()
            iteration(session)
            mine.append((time.monotonic() - started) * 1000)
        with lock:
            latencies.extend(mine)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for _ in range(THREADS):
            pool.submit(client)
    rate = len(latencies) / SECONDS
    print(f"{label}: {rate:.0f} pairs/s, p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms")
    return rate


def reservations(headers):
    post("/api/v1/budgets", headers, {"name": "gateway", "limit_usd": "1000000000", "action": "block"}).raise_for_status()

    def principal_pair(session):
        for _ in range(2):
            session.get(f"{BASE}/api/v1/auth/principal", headers=headers, timeout=30).raise_for_status()

    def reserve_settle(session):
        held = post("/api/v1/budgets/reservations", headers, {"amount_usd": "0.25", "provider": "openai"}, session)
        held.raise_for_status()
        post(f"/api/v1/budgets/reservations/{held.json()['id']}/settle", headers, {"actual_usd": "0.20"}, session).raise_for_status()

    baseline = load("baseline: two GET /api/v1/auth/principal", headers, principal_pair)
    pairs = load("reserve -> settle", headers, reserve_settle)
    print(f"reserve -> settle against the baseline pair: {pairs / baseline:.2f}")


server = ThreadingHTTPServer(("127.0.0.1", RECEIVER_PORT), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
receiver = f"http://127.0.0.1:{RECEIVER_PORT}/hook"
crossing_lag(owner("lag"), receiver)
delivery_rate(owner("deliveries"), receiver)
reservations(owner("gateway"))
server.shutdown()
