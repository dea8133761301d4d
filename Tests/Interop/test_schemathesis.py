"""Property-based requests against every operation of the served spec, as a signed-in owner:
whatever schemathesis generates, the server must never answer 5xx."""

import subprocess
import sys
from pathlib import Path

import requests


def test_no_generated_request_gets_a_server_error(server):
    registered = requests.post(server.url("/api/v1/auth/register"), json={
        "email": "fuzz@example.com", "password": "a long enough passphrase", "name": "Fuzz",
        "organization_name": "Fuzz"}, timeout=10)
    assert registered.status_code == 201, registered.text
    token = registered.json()["access_token"]
    schemathesis = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [str(schemathesis), "run", server.url("/openapi.json"), "--checks", "not_a_server_error",
         "--header", f"Authorization: Bearer {token}", "--max-examples", "25", "--seed", "20261123",
         "--request-timeout", "10", "--workers", "2", "--no-color"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
