"""`tokenledger pricing import` against the public LiteLLM catalog in ../shared/data: every
imported price equals the file's number exactly (Python's Decimal, never a float), scaled
to USD per million tokens; a second import of the same file changes nothing."""

import decimal
import json
import os
import pathlib
import subprocess

import pytest

from conftest import psql

CATALOG = pathlib.Path(__file__).resolve().parents[3] / "shared" / "data" / "model_prices_and_context_window.json"
SHIPPED = pathlib.Path(__file__).resolve().parents[2] / "Sources" / "LedgerServices" / "Pricing" / "Resources" / "default-prices.json"


def run(binary, *args, database_url):
    return subprocess.run(
        [binary, *args], env={"PATH": os.environ.get("PATH", ""), "DATABASE_URL": database_url},
        capture_output=True, text=True, timeout=300)


def prices_by_model(path):
    entries = json.loads(path.read_text(), parse_float=decimal.Decimal)
    table = {}
    for key, entry in entries.items():
        if key == "sample_spec" or not isinstance(entry, dict):
            continue
        for field, column in (("input_cost_per_token", "input"), ("output_cost_per_token", "output")):
            value = entry.get(field)
            if isinstance(value, (int, decimal.Decimal)) and not isinstance(value, bool):
                table.setdefault((key.split("/", 1)[-1], column), set()).add(decimal.Decimal(value) * 1_000_000)
    return table


def check_exact(database_url, version_filter, table):
    rows = psql(
        "SELECT model, input_per_million::text, output_per_million::text FROM price_definitions "
        f"WHERE org_id IS NULL AND {version_filter}", database_url).splitlines()
    assert rows
    for row in rows:
        model, input_price, output_price = row.split("|")
        for column, text in (("input", input_price), ("output", output_price)):
            if text:
                assert decimal.Decimal(text) in table[(model, column)], (model, column, text)
    return len(rows)


def test_shipped_catalog_is_exact_and_loaded_by_migrate(tokenledger, fresh_database_url):
    assert run(tokenledger, "migrate", database_url=fresh_database_url).returncode == 0
    count = check_exact(fresh_database_url, "true", prices_by_model(SHIPPED))
    assert count > 300
    versions = psql("SELECT count(*) FROM price_catalog_versions", fresh_database_url)
    assert versions == "1"
    assert run(tokenledger, "migrate", database_url=fresh_database_url).returncode == 0
    assert psql("SELECT count(*) FROM price_catalog_versions", fresh_database_url) == "1", "loaded once"


@pytest.mark.skipif(not CATALOG.exists(), reason="../shared/data is not beside this checkout")
def test_importing_the_full_public_catalog_is_exact_and_idempotent(tokenledger, fresh_database_url):
    # The public catalog ships two output prices far below their input price (likely slips):
    # refused until accepted explicitly, and nothing is written meanwhile.
    refused = run(tokenledger, "pricing", "import", str(CATALOG), "--effective-from", "2030-01-01T00:00:00Z",
                  database_url=fresh_database_url)
    assert refused.returncode != 0
    assert "openinfer/@oi/Qwen3.5-9B: output_per_million 0.15 is below input_per_million 5" in refused.stderr, refused.stderr
    assert psql("SELECT count(*) FROM price_catalog_versions", fresh_database_url) == "1"
    first = run(tokenledger, "pricing", "import", str(CATALOG), "--effective-from", "2030-01-01T00:00:00Z",
                "--accept-outliers", database_url=fresh_database_url)
    assert first.returncode == 0, first.stderr
    assert "Imported" in first.stdout
    assert "accepted outlier: openinfer/@oi/Qwen3.5-9B" in first.stdout
    count = check_exact(
        fresh_database_url,
        "catalog_version_id = (SELECT id FROM price_catalog_versions ORDER BY imported_at DESC LIMIT 1)",
        prices_by_model(CATALOG))
    assert count > 2000
    again = run(tokenledger, "pricing", "import", str(CATALOG), "--effective-from", "2031-01-01T00:00:00Z",
                database_url=fresh_database_url)
    assert "imported before" in again.stdout
    closed = psql("SELECT count(*) FROM price_definitions WHERE effective_to = '2030-01-01T00:00:00Z'", fresh_database_url)
    assert int(closed) > 300, "the shipped version's definitions end where the new version begins"


def test_a_unit_slip_against_the_version_in_force_is_refused(tokenledger, fresh_database_url, tmp_path):
    """gpt-4o priced per million where the format wants per token: a million times the price."""
    slipped = tmp_path / "slipped.json"
    slipped.write_text(json.dumps({
        "gpt-4o": {"litellm_provider": "openai", "input_cost_per_token": 2.5, "output_cost_per_token": 0.00001},
        "gpt-4o-mini": {"litellm_provider": "openai", "input_cost_per_token": 0.0000003, "output_cost_per_token": 0.0000012},
    }))
    assert run(tokenledger, "migrate", database_url=fresh_database_url).returncode == 0
    refused = run(tokenledger, "pricing", "import", str(slipped), database_url=fresh_database_url)
    assert refused.returncode != 0
    assert "openai/gpt-4o: input_per_million moves from 2.5 to 2500000 USD (1000000×)" in refused.stderr, refused.stderr
    assert "gpt-4o-mini" not in refused.stderr, "a 2× change is an ordinary price change"
    assert psql("SELECT count(*) FROM price_catalog_versions", fresh_database_url) == "1", "nothing was imported"
    assert "openai/gpt-4o: output_per_million 10 is below input_per_million 2500000" in refused.stderr
    # A wider factor lets the move through; the output discount still refuses it.
    wider = run(tokenledger, "pricing", "import", str(slipped), "--maximum-change", "2000000", database_url=fresh_database_url)
    assert wider.returncode != 0 and "moves from" not in wider.stderr and "is below" in wider.stderr
    accepted = run(tokenledger, "pricing", "import", str(slipped), "--accept-outliers", database_url=fresh_database_url)
    assert accepted.returncode == 0, accepted.stderr
    assert psql("SELECT count(*) FROM price_catalog_versions", fresh_database_url) == "2"
