"""Requests of others while sign-ins hash: the latency of a light probe of `GET /health`
(one request at a time, one connection) alone, then while WORKERS clients sign in without a
pause, each phase SECONDS long.

    python3 Benchmarks/sign_in_isolation.py BASE_URL EMAIL PASSWORD [WORKERS] [SECONDS]
"""

import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

BASE, EMAIL, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3]
WORKERS = int(sys.argv[4]) if len(sys.argv) > 4 else 8
SECONDS = float(sys.argv[5]) if len(sys.argv) > 5 else 5
HOST = urllib.parse.urlsplit(BASE)


def connection():
    return http.client.HTTPConnection(HOST.hostname, HOST.port, timeout=60)


def probe(seconds):
    client, latencies, end = connection(), [], time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        client.request("GET", "/health")
        response = client.getresponse()
        response.read()
        assert response.status == 200, response.status
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def sign_in_until(stop, statuses):
    client = connection()
    body = json.dumps({"email": EMAIL, "password": PASSWORD})
    while not stop.is_set():
        client.request("POST", "/api/v1/auth/login", body=body, headers={"Content-Type": "application/json"})
        response = client.getresponse()
        response.read()
        statuses.append(response.status)


def summary(label, latencies):
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{label}: {len(ordered)} probes, p50 {statistics.median(ordered):.2f} ms, p99 {p99:.2f} ms, "
          f"max {ordered[-1]:.2f} ms")


summary("GET /health alone", probe(SECONDS))
stop, statuses = threading.Event(), []
workers = [threading.Thread(target=sign_in_until, args=(stop, statuses)) for _ in range(WORKERS)]
for worker in workers:
    worker.start()
time.sleep(0.5)
signed_before = len(statuses)
summary(f"GET /health while {WORKERS} clients sign in", probe(SECONDS))
signed = len(statuses) - signed_before
stop.set()
for worker in workers:
    worker.join()
print(f"sign-ins meanwhile: {signed / SECONDS:.1f}/s, statuses {sorted(set(statuses))}")
