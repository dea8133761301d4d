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
    first = run(tokenledger, "pricing", "import", str(CATALOG), "--effective-from", "2030-01-01T00:00:00Z",
                database_url=fresh_database_url)
    assert first.returncode == 0, first.stderr
    assert "Imported" in first.stdout
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
