"""Batch ingest against COPY of the same rows into the same table, both measured now.

    python3 Benchmarks/batch_ingest.py BASE_URL API_KEY DATABASE_URL [BATCHES]
Prints events/s for 1,000-event batches posted by 4 concurrent clients with the CPU per event
while they post (the machine's, the server's and PostgreSQL's, see machine_cpu.py), and for one
long `COPY` stream of the same number of rows (one session), and their ratio. The records are
the single ingest's (`ingest-single.lua`): without retry keys, so that an event's share of a
batch and a single event do the same work. With RETRY_KEYS=1 each record carries its own
`request_id`, the batch counterpart of single ingests sent with an Idempotency-Key, and no
`COPY` is measured (its rows would hold no keys)."""

import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid

from machine_cpu import MEASURES, cpu_ticks, microseconds_per_item

BASE, KEY, DATABASE_URL = sys.argv[1], sys.argv[2], sys.argv[3]
BATCHES = int(sys.argv[4]) if len(sys.argv) > 4 else 40
SIZE, WORKERS = 1000, 4
RETRY_KEYS = os.environ.get("RETRY_KEYS") == "1"


def record(i):
    fields = {"provider": "openai", "model": "gpt-4o", "endpoint": "bench",
              "usage": {"prompt_tokens": 1200 + i % 7, "completion_tokens": 300, "cached_tokens": 1000}, "latency_ms": 900}
    return fields | {"request_id": f"{uuid.uuid4()}"} if RETRY_KEYS else fields


def post(batch):
    body = json.dumps({"events": batch}).encode()
    request = urllib.request.Request(BASE + "/api/v1/usage/batch", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-API-Key": KEY})
    with urllib.request.urlopen(request, timeout=120) as response:
        assert json.load(response)["accepted"] == len(batch)


def copy_rows(count):
    """One COPY of `count` rows in one psql session: the table's own bulk-load speed."""
    org = subprocess.run(["psql", DATABASE_URL, "-Atc", "SELECT id FROM organizations LIMIT 1"],
                         capture_output=True, text=True, check=True).stdout.strip()
    rows = "".join(f"{org}\t2026-11-23 12:00:00+00\t{uuid.uuid4()}\topenai\tgpt-4o\tbench\t200\t1000\t300\tf\n" for _ in range(count))
    subprocess.run(["psql", DATABASE_URL, "-c",
                    "COPY usage_events (org_id, occurred_at, id, provider, model, endpoint, input_uncached, cache_read, output, priced) FROM STDIN"],
                   input=rows, text=True, check=True, capture_output=True)


def timed(fn, items):
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(fn, items))
    return time.perf_counter() - start


batches = [[record(i) for i in range(SIZE)] for _ in range(BATCHES)]
post(batches[0])  # warm up
before = cpu_ticks()
api_seconds = timed(post, batches[1:])
cpu = microseconds_per_item(before, cpu_ticks(), (BATCHES - 1) * SIZE)
api_rate = (BATCHES - 1) * SIZE / api_seconds
print(f"batch ingest: {api_rate:.0f} events/s ({BATCHES - 1} batches of {SIZE}, {WORKERS} clients)")
print("batch CPU µs per event: " + ", ".join(f"{measure} {cpu[measure]:.1f}" for measure in MEASURES))
if not RETRY_KEYS:
    start = time.perf_counter()
    copy_rows((BATCHES - 1) * SIZE)
    copy_rate = (BATCHES - 1) * SIZE / (time.perf_counter() - start)
    print(f"COPY same rows: {copy_rate:.0f} rows/s (one stream)")
    print(f"ratio: {api_rate / copy_rate:.2f}")
