"""The binary as an operator meets it: config errors, migrate, serve and SIGTERM."""

import json
import os
import subprocess

import requests

from conftest import psql, start_server, stop_server


def run(binary, *args, env=None):
    return subprocess.run(
        [binary, *args], env={"PATH": os.environ.get("PATH", ""), **(env or {})},
        capture_output=True, text=True, timeout=60)


def test_invalid_settings_are_all_named_and_exit_78(tokenledger):
    result = run(tokenledger, "serve", env={
        "TOKENLEDGER_PORT": "99999", "LOG_LEVEL": "chatty", "DATABASE_URL": "mysql://nope"})
    assert result.returncode == 78
    for name in ("TOKENLEDGER_PORT", "LOG_LEVEL", "DATABASE_URL"):
        assert name + ":" in result.stderr


def test_migrate_applies_then_reports_current(tokenledger, fresh_database_url):
    first = run(tokenledger, "migrate", env={"DATABASE_URL": fresh_database_url})
    assert first.returncode == 0, first.stderr
    assert "Applied: 0001_" in first.stdout
    second = run(tokenledger, "migrate", env={"DATABASE_URL": fresh_database_url})
    assert second.returncode == 0
    assert "nothing to apply" in second.stdout
    assert int(psql("SELECT count(*) FROM schema_migrations", fresh_database_url)) >= 1


def test_openapi_command_prints_the_committed_document(tokenledger):
    import pathlib
    committed = pathlib.Path(__file__).resolve().parents[2] / "OpenAPI" / "openapi.json"
    result = run(tokenledger, "openapi")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads(committed.read_text())


def test_serve_answers_logs_json_with_request_ids_and_stops_cleanly_on_sigterm(tokenledger, fresh_database_url):
    server = start_server(tokenledger, fresh_database_url)
    health = requests.get(server.url("/health"), headers={"X-Request-ID": "interop-42"}, timeout=5)
    assert health.status_code == 200
    assert health.headers["X-Request-ID"] == "interop-42"
    assert health.json()["status"] == "healthy"
    status, stderr = stop_server(server)
    assert status == 0
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("message") == "request" and line.get("request_id") == "interop-42"]
    assert access and access[0]["status"] == "200" and access[0]["path"] == "/health"
