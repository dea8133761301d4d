"""`GET /metrics` checked by the Prometheus project's own tools: `promtool check metrics` finds
nothing to report, and a real Prometheus server scraping TokenLedger (on a port of its own,
behind a bearer token) answers a series back through its HTTP API."""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from conftest import free_port, start_server, stop_server
from test_webhooks import owner

TOKEN = "metrics-scrape-token-for-the-interop-suite"


def ingest_one(server, token: str) -> None:
    response = requests.post(server.url("/api/v1/usage"), headers={"Authorization": f"Bearer {token}"}, json={
        "provider": "openai", "model": "gpt-4o", "prompt_tokens": 1000, "completion_tokens": 100}, timeout=10)
    assert response.status_code == 201, response.text


def test_promtool_finds_nothing_to_report(server):
    ingest_one(server, owner(server))
    requests.get(server.url("/api/v1/nowhere"), timeout=10)
    text = requests.get(server.url("/metrics"), timeout=10).text
    assert "tokenledger_usage_events_total" in text and "tokenledger_job_runs_total" in text
    checked = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout == "" and checked.stderr == "", checked.stdout + checked.stderr


def test_a_real_prometheus_scrapes_a_series_back(tokenledger, fresh_database_url):
    metrics_port = free_port()
    server = start_server(tokenledger, fresh_database_url, {
        "TOKENLEDGER_METRICS_PORT": str(metrics_port), "TOKENLEDGER_METRICS_TOKEN": TOKEN})
    folder = Path(tempfile.mkdtemp(prefix="prometheus-"))
    prometheus = None
    try:
        # On its own port: not on the API's, and there only with the token.
        assert requests.get(server.url("/metrics"), timeout=10).status_code == 404
        assert requests.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).status_code == 401
        ingest_one(server, owner(server))
        (folder / "token").write_text(TOKEN)
        (folder / "prometheus.yml").write_text(f"""
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: tokenledger
    authorization:
      credentials_file: {folder / 'token'}
    static_configs:
      - targets: ["127.0.0.1:{metrics_port}"]
""")
        checked = subprocess.run(["promtool", "check", "config", str(folder / "prometheus.yml")], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        port = free_port()
        prometheus = subprocess.Popen(
            ["prometheus", f"--config.file={folder / 'prometheus.yml'}", f"--storage.tsdb.path={folder / 'data'}",
             f"--web.listen-address=127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        query = 'tokenledger_usage_events_total{provider="openai",model="gpt-4o"}'
        deadline = time.monotonic() + 30
        result = []
        while time.monotonic() < deadline and not result:
            time.sleep(1)
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/api/v1/query", params={"query": query}, timeout=5).json()
                result = answer["data"]["result"]
            except requests.ConnectionError:
                continue
        assert result, "Prometheus never returned the series"
        assert result[0]["value"][1] == "1"
        assert result[0]["metric"]["job"] == "tokenledger"
        targets = requests.get(f"http://127.0.0.1:{port}/api/v1/targets", timeout=5).json()
        assert targets["data"]["activeTargets"][0]["health"] == "up"
    finally:
        if prometheus is not None:
            prometheus.terminate()
            try:
                prometheus.wait(timeout=10)
            except subprocess.TimeoutExpired:
                prometheus.kill()
        stop_server(server)
        shutil.rmtree(folder, ignore_errors=True)
