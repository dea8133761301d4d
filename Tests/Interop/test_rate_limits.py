"""Rate limits that hold across replicas: two server processes on one PostgreSQL lease tokens
from the same buckets, so together they admit no more than the limit plus the stated margin
(1¼ leases of a twentieth of the burst per replica: docs/LIMITS.md)."""

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from conftest import start_server, stop_server
from test_webhooks import owner

BURST = 100
PER_MINUTE = 60
LIMITED_ENV = {
    "TOKENLEDGER_PLAN_FREE":
        f"requests_per_minute=10000000,caller_requests_per_minute={PER_MINUTE},caller_burst={BURST},events_per_month=unlimited",
}


def test_two_replicas_together_admit_the_limit_within_the_stated_margin(tokenledger, fresh_database_url):
    servers = [start_server(tokenledger, fresh_database_url, LIMITED_ENV) for _ in range(2)]
    try:
        token = owner(servers[0])
        headers = {"Authorization": f"Bearer {token}"}
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(
                lambda i: (i % 2, requests.get(servers[i % 2].url("/api/v1/auth/principal"), headers=headers, timeout=10)),
                range(400)))
        elapsed = time.monotonic() - started
        admitted = [replica for replica, answer in answers if answer.status_code == 200]
        refused = [answer for _, answer in answers if answer.status_code == 429]
        assert len(admitted) + len(refused) == 400, {a.status_code for _, a in answers}
        margin = int(2 * 1.25 * (BURST // 20))
        refill = int(elapsed * PER_MINUTE / 60) + 1
        # Never more than the burst, what refilled and one lease per replica; never fewer than
        # the burst less the leases left unspent.
        assert BURST - margin <= len(admitted) <= BURST + refill + margin, (len(admitted), elapsed)
        assert set(admitted) == {0, 1}
        body = refused[0].json()["error"]
        assert body["code"] == "RATE_LIMIT_EXCEEDED"
        assert int(refused[0].headers["Retry-After"]) >= 1
        assert refused[0].headers["X-RateLimit-Remaining"] == "0"
        assert refused[0].headers["X-RateLimit-Limit"] == str(PER_MINUTE)
        assert body["details"] == {"policy": "caller", "limit": PER_MINUTE, "window_seconds": 60, "plan": "free"}
        # The message says whose rate, which plan, and what lifts it.
        assert "plan `free`" in body["message"] and "TOKENLEDGER_PLAN_FREE" in body["message"], body["message"]
        assert "/api/v1/admin/organizations/{id}/limits" in body["message"], body["message"]
    finally:
        for running in servers:
            stop_server(running)
