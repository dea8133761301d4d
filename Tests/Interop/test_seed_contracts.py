"""The seeds' own documented requests, replayed as written in ../shared/seeds against the
endpoints that answer them: each must be accepted, and the values it documents must be
what TokenLedger stores."""

import json
import pathlib
import re

import pytest
import requests

from conftest import start_server, stop_server

SEEDS = pathlib.Path(__file__).resolve().parents[3] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside this checkout")


@pytest.fixture
def server(tokenledger, fresh_database_url):
    """Retention long enough for the seeds' own timestamps (LLMScope's is from October 2025)."""
    running = start_server(tokenledger, fresh_database_url, {"TOKENLEDGER_USAGE_RETENTION_DAYS": "3650"})
    yield running
    stop_server(running)


def seed(name: str) -> str:
    """A seed's text; a test elsewhere that replays one is skipped, as this module is, when the
    seeds are not beside the checkout."""
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    return next(SEEDS.glob(f"{name}_*.txt")).read_text()


def json_after(text: str, marker: str) -> dict:
    """The first JSON object after `marker` in a seed."""
    start = text.index("{", text.index(marker))
    return json.JSONDecoder().raw_decode(text[start:])[0]


def curl_body(text: str, marker: str) -> dict:
    """The `-d '…'` body of the first curl example after `marker`."""
    block = text[text.index(marker):]
    return json.loads(re.search(r"-d '(\{.*?\})'", block, re.S).group(1))


def register(server, organization_slug: str | None = None) -> dict:
    body = {"email": f"owner-{organization_slug or 'x'}@example.com", "password": "correct horse battery", "name": "Owner",
            "organization_name": "Seed Org"}
    if organization_slug:
        body["organization_slug"] = organization_slug
    response = requests.post(server.url("/api/v1/auth/register"), json=body, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def api_key(server, token: str) -> str:
    response = requests.post(server.url("/api/v1/api-keys"), headers={"Authorization": f"Bearer {token}"},
                             json={"name": "seed", "permissions": ["usage:write", "usage:read", "cost:read"]}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["secret"]


def test_llm_cost_ops_submit_usage_query_costs_and_login(server):
    text = seed("002")
    body = curl_body(text, "### Submit Usage")
    assert body["organization_id"] == "org-123" and "usage" not in body
    session = register(server, organization_slug=body["organization_id"])
    token = session["access_token"]
    key = api_key(server, token)

    for headers in ({"Authorization": f"Bearer {token}"}, {"Authorization": f"ApiKey {key}"}, {"X-API-Key": key}):
        created = requests.post(server.url("/api/v1/usage"), headers=headers, json=body, timeout=10)
        assert created.status_code == 201, (headers, created.text)
        event = created.json()
        assert (event["provider"], event["model"], event["latency_ms"]) == ("openai", "gpt-4", 1200)
        assert event["buckets"]["input_uncached"] == 1500 and event["buckets"]["output"] == 500
        assert event["priced"] is True

    other = register(server, organization_slug="someone-else")
    refused = requests.post(server.url("/api/v1/usage"), headers={"Authorization": f"Bearer {other['access_token']}"},
                            json=body, timeout=10)
    assert refused.status_code == 422
    assert refused.json()["error"]["details"]["fields"][0]["field"] == "organization_id"

    query = re.search(r'curl "https://api\.example\.com(/api/v1/costs\?[^"]+)"', text).group(1)
    costs = requests.get(server.url(query), headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert costs.status_code == 200, costs.text
    assert costs.json()["data"] == [], "the documented window (January 2024) holds none of today's events"
    assert requests.get(server.url(query), headers={"Authorization": f"Bearer {other['access_token']}"},
                        timeout=10).status_code == 422, "another organization's id is refused, not ignored"

    login = json_after(text, "# Login to get JWT token")
    assert set(login) == {"username", "password"}
    wrong = requests.post(server.url("/api/v1/auth/login"), json=login, timeout=10)
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "INVALID_CREDENTIALS"
    ok = requests.post(server.url("/api/v1/auth/login"), json={**login, "username": "owner-org-123@example.com",
                                                               "password": "correct horse battery"}, timeout=10)
    assert ok.status_code == 200 and ok.json()["access_token"]

    listed = requests.get(server.url("/api/v1/usage"), headers={"X-API-Key": key}, timeout=10)
    assert listed.status_code == 200 and len(listed.json()["data"]) == 3


def test_llmscope_event_ingest(server):
    body = json_after(seed("003"), "#### POST /events/ingest")
    assert body["latency_ms"] == 1200.5
    key = api_key(server, register(server)["access_token"])
    created = requests.post(server.url("/api/v1/usage"), headers={"X-API-Key": key}, json=body, timeout=10)
    assert created.status_code == 201, created.text
    event = created.json()
    assert event["timestamp"].startswith("2025-10-04T12:00:00")
    assert event["latency_ms"] == 1200, "milliseconds are whole: 1200.5 rounds half to even"
    assert event["buckets"]["input_uncached"] + event["buckets"]["output"] == body["total_tokens"]


def test_cost_katana_usage_track(server):
    text = seed("004")
    body = json_after(text, "POST /usage/track - Track AI Usage with Intelligence")
    assert body["service"] == "openai" and body["promptTokens"] == 120
    key = api_key(server, register(server)["access_token"])
    created = requests.post(server.url("/api/v1/usage"), headers={"X-API-Key": key}, json=body, timeout=10)
    assert created.status_code == 201, created.text
    event = created.json()
    assert (event["provider"], event["model"], event["project"]) == ("openai", "gpt-4", "project_123")
    assert event["buckets"]["input_uncached"] == 120 and event["buckets"]["output"] == 280
    assert event["latency_ms"] == body["responseTime"]
    assert event["reported_cost_usd"] == "0.008000000", "the client's cost is kept beside ours"
    assert event["metadata"]["source"] == "chatgpt-custom-gpt"
    assert "prompt" not in json.dumps(event["metadata"]), "prompt text is not stored"


def seed_query_parameters(text: str, marker: str) -> list[str]:
    """The names of the query parameters a seed documents under `marker` (`• name (type)`,
    `- name (type)` or `` - `name` (type)``), up to the next blank-line-separated heading."""
    block = text[text.index(marker):]
    block = block[:block.index("Response")]
    return re.findall(r"(?:•|-)\s+`?([A-Za-z_]+)`?\s+\(", block)


def test_analytics_calls_accept_each_products_own_query_parameters(server):
    """The seeds' analytics parameters, declared by one adapter per product on the canonical
    analytics reads: LLMScope's start_time/end_time, Cost Katana's timeframe, projectId and
    includeForecasting, Token Optimizer's granularity (with its documented filter example)."""
    token = register(server)["access_token"]
    key = api_key(server, token)
    headers = {"X-API-Key": key}
    for project in ("project_123", "other"):
        made = requests.post(server.url("/api/v1/usage"), headers=headers, timeout=10, json={
            "provider": "openai", "model": "gpt-4", "input_tokens": 100, "output_tokens": 10, "project": project})
        assert made.status_code == 201, made.text

    llmscope = seed("003")
    assert seed_query_parameters(llmscope, "#### GET /analytics/metrics") == ["start_time", "end_time", "model"]
    metrics = requests.get(server.url("/api/v1/costs/aggregate"), headers=headers, timeout=10, params={
        "start_time": "2020-01-01T00:00:00Z", "end_time": "2100-01-01T00:00:00Z", "model": "gpt-4"})
    assert metrics.status_code == 200, metrics.text
    assert metrics.json()["totals"]["requests"] == 2
    empty = requests.get(server.url("/api/v1/costs/aggregate"), headers=headers, timeout=10,
                         params={"start_time": "2020-01-01T00:00:00Z", "end_time": "2020-02-01T00:00:00Z"})
    assert empty.status_code == 200 and empty.json()["totals"]["requests"] == 0, empty.text
    both = requests.get(server.url("/api/v1/costs/aggregate"), headers=headers, timeout=10,
                        params={"start_time": "2020-01-01T00:00:00Z", "start_date": "2020-01-01T00:00:00Z"})
    assert both.status_code == 400 and "start_time" in both.json()["error"]["message"], both.text

    katana = seed("004")
    assert seed_query_parameters(katana, "GET /analytics/intelligent") == ["timeframe", "projectId", "includeForecasting"]
    assert seed_query_parameters(katana, "GET /monitoring/status") == ["includeForecasting", "timeframe"]
    intelligent = requests.get(server.url("/api/v1/usage/stats"), headers=headers, timeout=10,
                               params={"timeframe": "month", "projectId": "project_123", "includeForecasting": "true"})
    assert intelligent.status_code == 200, intelligent.text
    assert intelligent.json()["totals"]["requests"] == 1, "projectId narrows to its project"
    status = requests.get(server.url("/api/v1/usage/stats"), headers=headers, timeout=10,
                          params={"includeForecasting": "false", "timeframe": "monthly"})
    assert status.status_code == 200 and status.json()["totals"]["requests"] == 2, status.text

    optimizer = seed("001")
    # The example block lists models as `[..., ...]`, not JSON: read the one line.
    combined = re.search(r'"combine_filters": "([^"]+)"', optimizer).group(1)
    assert combined == "?granularity=month&model=gpt-4&endpoint=chat&provider=OpenAI"
    summary = requests.get(server.url("/api/v1/costs/aggregate") + combined.replace("OpenAI", "openai").replace(
        "&endpoint=chat", ""), headers=headers, timeout=10)
    assert summary.status_code == 200, summary.text
    assert summary.json()["totals"]["requests"] == 2, "this month so far holds both events"
    unknown = requests.get(server.url("/api/v1/costs/aggregate"), headers=headers, params={"granularity": "decade"}, timeout=10)
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "INVALID_GRANULARITY", unknown.text
