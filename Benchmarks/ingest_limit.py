"""Single ingest against its limit, from the outputs `ingest.sh` keeps per round.

    python3 Benchmarks/ingest_limit.py ROUNDS_DIR [ROUND]
With ROUND, one line for that round; without, every round's batch and COPY figures and the
medians of the rounds' ratios. The limit is one HTTP request plus one event's share of a
batch, `1 / (1/health_rps + 1/batch_events_per_s)`. The same sum in machine CPU per item,
`(cpu_health + cpu_batch) / cpu_single`, is what the ratio would be without steal: a CPU-bound
rate on a shared host moves with the share the hypervisor takes, the CPU an item costs does
not. Without ROUND it also splits each measure's CPU per item into the server's, PostgreSQL's
and the rest (the load's clients and the kernel's work for them), and shows what a single
event costs beyond a request and a batched event: where the ratio is lost."""

import os
import re
import statistics
import sys

from machine_cpu import MEASURES, microseconds_per_item

DIRECTORY = sys.argv[1]


def read(round_number, measure):
    with open(os.path.join(DIRECTORY, f"{round_number}.{measure}")) as file:
        return file.read()


def ticks(text, label):
    fields = re.search(label + r": (.*)", text).group(1).split()
    return {name: int(value) for name, value in zip(fields[::2], fields[1::2])}


def wrk(round_number, measure):
    """Requests per second and CPU µs per request (machine, server, postgres) of one wrk output."""
    text = read(round_number, measure)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    return rps, microseconds_per_item(ticks(text, "CPU ticks before"), ticks(text, "CPU ticks after"), requests)


def batch(round_number):
    text = read(round_number, "batch")
    rate = float(re.search(r"batch ingest: (\d+)", text).group(1))
    cpu = {name: float(value) for name, value in re.findall(r"(\w+) ([\d.]+)", re.search(r"batch CPU µs per event: (.*)", text).group(1))}
    copy_rate = float(re.search(r"COPY same rows: (\d+)", text).group(1))
    return rate, cpu, copy_rate


def ratios(round_number):
    (health, health_cpu), (single, single_cpu), (minimal, minimal_cpu) = (
        wrk(round_number, measure) for measure in ("health", "single", "minimal"))
    batch_rate, batch_cpu, copy_rate = batch(round_number)
    limit = 1 / (1 / health + 1 / batch_rate)
    cpu_limit = health_cpu["machine"] + batch_cpu["machine"]
    return {
        "health": health, "batch": batch_rate, "copy": copy_rate, "limit": limit,
        "single": single / limit, "minimal": minimal / limit,
        "single_cpu": cpu_limit / single_cpu["machine"], "minimal_cpu": cpu_limit / minimal_cpu["machine"],
        "cpu_us": (health_cpu, batch_cpu, single_cpu, minimal_cpu),
    }


def line(round_number, r):
    health_cpu, batch_cpu, single_cpu, minimal_cpu = (cpu["machine"] for cpu in r["cpu_us"])
    return (f"round {round_number}: health {r['health']:.0f} rps, batch {r['batch']:.0f} events/s, limit {r['limit']:.0f}/s; "
            f"single {r['single']:.2f}, minimal {r['minimal']:.2f} of it; machine CPU µs per item: health {health_cpu:.0f}, "
            f"batch {batch_cpu:.0f}, single {single_cpu:.0f}, minimal {minimal_cpu:.0f}; "
            f"CPU ratios single {r['single_cpu']:.2f}, minimal {r['minimal_cpu']:.2f}")


if len(sys.argv) > 2:
    print(line(sys.argv[2], ratios(sys.argv[2])))
    sys.exit()
rounds = sorted({int(name.split(".")[0]) for name in os.listdir(DIRECTORY)})
results = [ratios(n) for n in rounds]
median = {key: statistics.median(r[key] for r in results) for key in results[0] if key != "cpu_us"}
print(f"batch ingest: median {median['batch']:.0f} events/s, each {[round(r['batch']) for r in results]}; "
      f"COPY of the same rows: median {median['copy']:.0f} rows/s (one stream), batch/COPY {median['batch'] / median['copy']:.2f}")
print(f"limit 1/(1/health + 1/batch): median {median['limit']:.0f} events/s; medians of the rounds' ratios: "
      f"single ingest {median['single']:.2f}, with return=minimal {median['minimal']:.2f}; "
      f"in machine CPU per item: single {median['single_cpu']:.2f}, minimal {median['minimal_cpu']:.2f}")

print("CPU µs per item, medians of the rounds (machine = server + postgres + the rest):")
splits = {}
for index, label in enumerate(("GET /health", "batched event", "single event", "single, return=minimal")):
    split = {measure: statistics.median(r["cpu_us"][index][measure] for r in results) for measure in MEASURES}
    split["rest"] = split["machine"] - split["server"] - split["postgres"]
    splits[label] = split
    print(f"  {label}: " + ", ".join(f"{name} {value:.0f}" for name, value in split.items()))
for label in ("single event", "single, return=minimal"):
    beyond = {name: splits[label][name] - splits["GET /health"][name] - splits["batched event"][name] for name in splits[label]}
    print(f"  {label} beyond a request and a batched event: " + ", ".join(f"{name} {value:.0f}" for name, value in beyond.items()))
