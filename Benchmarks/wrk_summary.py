"""Reads several wrk outputs separated by '---' lines and prints their medians as one row."""

import re
import statistics
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def latency_ms(text: str, percentile: str) -> float:
    match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


runs = [chunk for chunk in sys.stdin.read().split("\n---\n") if "Requests/sec" in chunk]
rps = [float(re.search(r"Requests/sec:\s+([\d.]+)", run).group(1)) for run in runs]
errors = sum(int(m) for run in runs for m in re.findall(r"Non-2xx or 3xx responses: (\d+)", run))
p50 = [latency_ms(run, "50") for run in runs]
p99 = [latency_ms(run, "99") for run in runs]
label = sys.argv[1] if len(sys.argv) > 1 else "run"
print(f"{label}: runs={len(runs)} median_rps={statistics.median(rps):.0f} "
      f"p50_ms={statistics.median(p50):.2f} p99_ms={statistics.median(p99):.2f} "
      f"rps_each={[round(r) for r in rps]} non_2xx={errors}")
