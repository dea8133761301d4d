"""A self-hosted install as its owner first runs it: `tokenledger serve` with the shipped
defaults, a registration, a key made without naming permissions, and more usage than a SaaS
free tier allows (10,000 events a month, 1,000 ingest requests an hour per key): nothing is
refused, because new organizations get TOKENLEDGER_DEFAULT_PLAN, `unlimited` by default."""

import requests

from conftest import start_server, stop_server

SHIPPED_DEFAULT_PLAN = {"TOKENLEDGER_DEFAULT_PLAN": None}


def record(i: int) -> dict:
    return {"provider": "openai", "model": "gpt-4o-mini", "input_tokens": 100 + i % 7, "output_tokens": 20}


def test_a_fresh_install_takes_100000_events_from_one_key_without_a_402_or_429(tokenledger, fresh_database_url):
    server = start_server(tokenledger, fresh_database_url, SHIPPED_DEFAULT_PLAN)
    try:
        registered = requests.post(server.url("/api/v1/auth/register"), json={
            "email": "me@example.com", "password": "plum-orbit-canvas-42", "name": "Me", "organization_name": "Home"},
            timeout=30)
        assert registered.status_code == 201, registered.text
        assert registered.json()["organization"]["plan"] == "unlimited"
        token = registered.json()["access_token"]
        key = requests.post(server.url("/api/v1/api-keys"), json={"name": "ingest"},
                            headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert key.status_code == 201, key.text
        assert key.json()["key"]["permissions"] == ["usage:read", "usage:write"]
        headers = {"X-API-Key": key.json()["secret"]}

        session = requests.Session()
        sent = 0
        # More single requests than the free plan's 1,000 an hour per key...
        for i in range(1_100):
            answer = session.post(server.url("/api/v1/usage"), json=record(i), headers=headers, timeout=10)
            assert answer.status_code == 201, (i, answer.status_code, answer.text)
            sent += 1
        # ...and the rest in batches, past the free plan's 10,000 events a month.
        while sent < 100_000:
            size = min(5_000, 100_000 - sent)
            answer = session.post(server.url("/api/v1/usage/batch"), json={"events": [record(i) for i in range(size)]},
                                  headers=headers, timeout=120)
            assert answer.status_code in (200, 201, 207), (sent, answer.status_code, answer.text[:500])
            assert answer.json()["accepted"] == size, answer.text[:500]
            sent += size
        stats = session.get(server.url("/api/v1/usage/stats"), headers=headers, timeout=30)
        assert stats.status_code == 200, stats.text
        assert stats.json()["totals"]["requests"] == 100_000, stats.json()
    finally:
        stop_server(server)
