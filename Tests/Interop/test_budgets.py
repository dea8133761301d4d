"""Budgets through HTTP: CostLLM's documented budget requests replayed as written, status from
the rollups, the check a gateway makes, and threshold events that reach a real receiver
exactly once per crossing however many ingests cross it at the same moment."""

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from standardwebhooks import Webhook

from conftest import start_server, stop_server

from test_seed_contracts import seed
from test_webhooks import RECEIVER_ENV, Receiver, call, create_webhook, hooks_server, owner  # noqa: F401 (fixture)


def costllm_request(marker: str) -> dict:
    """The JSON request body documented under `marker` in CostLLM's seed."""
    text = seed("000")
    block = text[text.index(marker):]
    body = block[block.index("**Request Body:**"):]
    start = body.index("{")
    return json.JSONDecoder().raw_decode(body[start:])[0]


def priced_org(server, token: str) -> None:
    """An organization price of one cent per input token for acme/metered."""
    price = call(server, token, "POST", "/api/v1/pricing", {
        "provider": "acme", "model": "metered", "rates": {"input_per_million": "10000"}})
    assert price.status_code == 201, price.text


def ingest(server, token: str, tokens: int, **fields) -> requests.Response:
    return call(server, token, "POST", "/api/v1/usage", {
        "provider": "acme", "model": "metered", "usage": {"prompt_tokens": tokens, "completion_tokens": 0}, **fields})


def test_costllm_budget_requests_replay(hooks_server):
    server = hooks_server
    token = owner(server)
    created = call(server, token, "POST", "/api/v1/budgets", costllm_request("#### POST /api/budgets"))
    assert created.status_code == 201, created.text
    budget = created.json()
    # The fields CostLLM documents, answered under its names.
    assert budget["type"] == "monthly" and budget["budget_limit"] == 100.0 and budget["alert_threshold"] == 0.8
    assert budget["notification_channels"] == ["email"] and budget["status"] == "active"
    assert budget["limit_usd"] == "100.000000000" and budget["thresholds"] == [80, 100]

    listed = call(server, token, "GET", "/api/v1/budgets").json()["data"]
    assert [b["id"] for b in listed] == [budget["id"]]

    updated = call(server, token, "PUT", f"/api/v1/budgets/{budget['id']}", {"budget_limit": 250.5, "alert_threshold": 0.5})
    assert updated.status_code == 200, updated.text
    assert updated.json()["budget_limit"] == 250.5 and updated.json()["thresholds"] == [50, 100]

    status = call(server, token, "GET", f"/api/v1/budgets/{budget['id']}/status").json()
    assert status["current_spend"] == 0 and status["state"] == "ok" and status["remaining_usd"] == "250.500000000"

    check = call(server, token, "POST", "/api/v1/budgets/check", {"amount_usd": 1.25})
    assert check.status_code == 200, check.text
    assert check.json()["allowed"] is True and check.json()["budgets"][0]["would_spend_usd"] == "1.250000000"

    assert call(server, token, "DELETE", f"/api/v1/budgets/{budget['id']}").status_code == 204
    assert call(server, token, "GET", f"/api/v1/budgets/{budget['id']}").status_code == 404


def test_limits_are_exact_and_bad_values_name_their_field(hooks_server):
    token = owner(hooks_server)
    exact = call(hooks_server, token, "POST", "/api/v1/budgets", {"limit_usd": 0.1, "period": "daily"})
    assert exact.json()["limit_usd"] == "0.100000000"  # 0.1 read as a decimal, not as a binary fraction
    # Both vocabularies at once are fine when they say the same thing.
    agreeing = call(hooks_server, token, "POST", "/api/v1/budgets",
                    {"limit_usd": "10", "budget_limit": 10.0, "period": "weekly", "type": "weekly"})
    assert agreeing.status_code == 201, agreeing.text
    assert agreeing.json()["period"] == "weekly" and agreeing.json()["limit_usd"] == "10.000000000"
    for body, field in [
        ({"limit_usd": "0.0000000001"}, "limit_usd"),
        ({"limit_usd": -5}, "limit_usd"),
        ({"budget_limit": 10, "limit_usd": "11"}, "budget_limit"),
        ({"limit_usd": "10", "period": "daily", "type": "monthly"}, "type"),
        ({"limit_usd": "10", "period": "custom"}, "period_start"),
        ({"limit_usd": "10", "thresholds": [0]}, "thresholds"),
        ({"limit_usd": "10", "notification_channels": ["pager"]}, "notification_channels"),
        ({"period": "weekly"}, "limit_usd"),
    ]:
        response = call(hooks_server, token, "POST", "/api/v1/budgets", body)
        assert response.status_code == 422, (body, response.text)
        fields = [f["field"] for f in response.json()["error"]["details"]["fields"]]
        assert field in fields, (body, fields)


def test_status_and_check_follow_spend_in_scope(hooks_server):
    server = hooks_server
    token = owner(server)
    priced_org(server, token)
    budget = call(server, token, "POST", "/api/v1/budgets", {
        "name": "search", "limit_usd": "1", "scope": {"projects": ["search"]}, "action": "block", "period": "monthly"}).json()
    other = call(server, token, "POST", "/api/v1/budgets", {"name": "all", "limit_usd": "100"}).json()
    assert ingest(server, token, 30, project="search").status_code == 201  # 0.30 USD
    assert ingest(server, token, 50, project="other").status_code == 201   # outside the scope
    status = call(server, token, "GET", f"/api/v1/budgets/{budget['id']}/status").json()
    assert status["spent_usd"] == "0.300000000" and status["percent"] == "30.00" and status["state"] == "ok"
    assert status["remaining_usd"] == "0.700000000"
    assert call(server, token, "GET", f"/api/v1/budgets/{other['id']}/status").json()["spent_usd"] == "0.800000000"

    fits = call(server, token, "POST", "/api/v1/budgets/check", {"amount_usd": "0.70", "project": "search"}).json()
    assert fits["allowed"] is True and len(fits["budgets"]) == 2
    refused = call(server, token, "POST", "/api/v1/budgets/check", {"amount_usd": "0.71", "project": "search"}).json()
    assert refused["allowed"] is False and refused["deciding_budget_id"] == budget["id"]
    elsewhere = call(server, token, "POST", "/api/v1/budgets/check", {"amount_usd": "50", "project": "other"}).json()
    assert elsewhere["allowed"] is True and [b["budget_id"] for b in elsewhere["budgets"]] == [other["id"]]


@pytest.mark.parametrize("replicas", [1, 2])
def test_each_threshold_fires_once_under_concurrent_ingest(tokenledger, fresh_database_url, replicas):
    servers = [start_server(tokenledger, fresh_database_url, RECEIVER_ENV) for _ in range(replicas)]
    receiver = Receiver()
    try:
        server = servers[0]
        token = owner(server)
        priced_org(server, token)
        _, secret = create_webhook(server, token, receiver.url, event_types=["budget.alert", "budget.exceeded"])
        budget = call(server, token, "POST", "/api/v1/budgets", {
            "name": "tight", "limit_usd": "1", "thresholds": [50, 80, 100]}).json()
        # Forty parallel ingests of 0.10 USD each, spread over the replicas: every one of them is
        # past 80% once enough have committed, and the budget ends at 400%.
        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(lambda i: ingest(servers[i % replicas], token, 10).status_code, range(40)))
        assert statuses == [201] * 40

        receiver.wait_for(3, timeout=20)
        # Nothing more arrives: later evaluations, on either replica, find every crossing recorded.
        threading.Event().wait(2.5)
        events = [Webhook(secret).verify(body, headers) for headers, body in receiver.requests]
        crossings = sorted((e["type"], e["data"]["threshold"]) for e in events)
        assert crossings == [("budget.alert", 50), ("budget.alert", 80), ("budget.exceeded", 100)], crossings
        assert all(e["data"]["budget_id"] == budget["id"] for e in events)
        status = call(server, token, "GET", f"/api/v1/budgets/{budget['id']}/status").json()
        assert status["state"] == "exceeded" and status["spent_usd"] == "4.000000000"
        assert status["thresholds_reached"] == [50, 80, 100]
    finally:
        receiver.close()
        for running in servers:
            stop_server(running)


def reserve(server, credential: dict, amount: str, **attributes) -> requests.Response:
    return requests.post(server.url("/api/v1/budgets/reservations"), json={"amount_usd": amount, **attributes},
                         headers=credential, timeout=30)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_concurrent_reservations_on_two_replicas_never_pass_the_limit(tokenledger, fresh_database_url):
    servers = [start_server(tokenledger, fresh_database_url, RECEIVER_ENV) for _ in range(2)]
    try:
        token = owner(servers[0])
        budget = call(servers[0], token, "POST", "/api/v1/budgets", {
            "name": "gateway", "limit_usd": "1", "action": "block", "scope": {"providers": ["openai"]}}).json()
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(
                lambda i: reserve(servers[i % 2], bearer(token), "0.10", provider="openai"), range(40)))
        held = [a for a in answers if a.status_code == 201]
        refused = [a for a in answers if a.status_code == 402]
        assert len(held) == 10 and len(refused) == 30, [a.status_code for a in answers]
        error = refused[0].json()["error"]
        assert error["code"] == "BUDGET_EXCEEDED" and error["details"]["budget_id"] == budget["id"]
        assert error["details"]["available_usd"] == "0.000000000"
        assert all(h.json()["budget_ids"] == [budget["id"]] for h in held)
        # Outside the budget's scope nothing is held back.
        assert reserve(servers[1], bearer(token), "5", provider="anthropic").status_code == 201

        # A released hold frees its amount; a settled one ends too, once its usage is recorded.
        first, second = held[0].json()["id"], held[1].json()["id"]
        released = call(servers[1], token, "POST", f"/api/v1/budgets/reservations/{first}/release")
        assert released.status_code == 200 and released.json()["status"] == "released"
        assert call(servers[0], token, "POST", f"/api/v1/budgets/reservations/{first}/release").status_code == 409
        assert reserve(servers[0], bearer(token), "0.10", provider="openai").status_code == 201
        settled = call(servers[0], token, "POST", f"/api/v1/budgets/reservations/{second}/settle", {"actual_usd": "0.04"})
        assert settled.json()["status"] == "settled" and settled.json()["settled_usd"] == "0.040000000"
        assert call(servers[1], token, "GET", f"/api/v1/budgets/reservations/{second}").json()["status"] == "settled"
    finally:
        for running in servers:
            stop_server(running)


def test_a_budget_attached_to_an_api_key_is_enforced(hooks_server):
    server = hooks_server
    token = owner(server)
    created = call(server, token, "POST", "/api/v1/api-keys", {
        "name": "gateway", "permissions": ["usage:write", "usage:read"], "budget": {"limit_usd": "0.50"}})
    assert created.status_code == 201, created.text
    key_id, secret = created.json()["key"]["id"], created.json()["secret"]
    budget = created.json()["budget"]
    assert budget["action"] == "block" and budget["scope"]["api_key_ids"] == [key_id]
    assert budget["name"] == "API key gateway"
    key = {"X-API-Key": secret}
    # The key's own reservations count against it without naming it.
    assert reserve(server, key, "0.50").status_code == 201
    refused = reserve(server, key, "0.01")
    assert refused.status_code == 402 and refused.json()["error"]["details"]["budget_id"] == budget["id"]
    # Other keys and users are not held to it.
    assert reserve(server, bearer(token), "0.01").status_code == 201
    bad = call(server, token, "POST", "/api/v1/api-keys", {
        "name": "x", "permissions": ["usage:write"], "budget": {"limit_usd": "1", "scope": {"projects": ["a"]}}})
    assert bad.status_code == 422 and bad.json()["error"]["details"]["fields"][0]["field"] == "budget.scope"
