"""Single ingest against its limit, from the outputs `ingest.sh` keeps per round.

    python3 Benchmarks/ingest_limit.py ROUNDS_DIR [ROUND]
With ROUND, one line for that round; without, every round's batch and COPY figures and the
medians of the rounds' ratios. The limit is one HTTP request plus one event's share of a
batch, `1 / (1/health_rps + 1/batch_events_per_s)`. The same sum in machine CPU per item,
`(cpu_health + cpu_batch) / cpu_single`, is what the ratio would be without steal: a CPU-bound
rate on a shared host moves with the share the hypervisor takes, the CPU an item costs does
not. The retry-safe pair is measured alike: single ingests each with an Idempotency-Key against
batches whose records each carry a request_id. Without ROUND it also splits each measure's CPU
per item into the server's, PostgreSQL's and the rest (the load's clients and the kernel's work
for them), and shows what a single event costs beyond a request and a batched event: where the
ratio is lost."""

import os
import re
import statistics
import sys

from machine_cpu import MEASURES, wrk_rate_and_cpu

DIRECTORY = sys.argv[1]


def read(round_number, measure):
    with open(os.path.join(DIRECTORY, f"{round_number}.{measure}")) as file:
        return file.read()


def wrk(round_number, measure):
    """Requests per second and CPU µs per request (machine, server, postgres) of one wrk output."""
    return wrk_rate_and_cpu(read(round_number, measure))


def batch(round_number, measure):
    """Events per second, CPU µs per event and the COPY rate (None for keyed batches)."""
    text = read(round_number, measure)
    rate = float(re.search(r"batch ingest: (\d+)", text).group(1))
    cpu = {name: float(value) for name, value in re.findall(r"(\w+) ([\d.]+)", re.search(r"batch CPU µs per event: (.*)", text).group(1))}
    copy = re.search(r"COPY same rows: (\d+)", text)
    return rate, cpu, copy and float(copy.group(1))


# Each single measure and the batches it is held against.
PAIRS = {"single": "batch", "minimal": "batch", "keyed": "keyedbatch", "uncommitted": "batch"}
LABELS = {
    "health": "GET /health", "batch": "batched event", "keyedbatch": "batched event with request_id",
    "single": "single event", "minimal": "single, return=minimal", "keyed": "single with Idempotency-Key",
    "uncommitted": "single, not committed",
}


def ratios(round_number):
    health, health_cpu = wrk(round_number, "health")
    result = {"health": health, "cpu_us": {"health": health_cpu}}
    for measure in ("batch", "keyedbatch"):
        rate, cpu, copy_rate = batch(round_number, measure)
        result[measure], result["cpu_us"][measure] = rate, cpu
        result[f"limit_{measure}"] = 1 / (1 / health + 1 / rate)
        if copy_rate:
            result["copy"] = copy_rate
    for measure, batches in PAIRS.items():
        rate, cpu = wrk(round_number, measure)
        result["cpu_us"][measure] = cpu
        result[measure] = rate / result[f"limit_{batches}"]
        result[f"{measure}_cpu"] = (health_cpu["machine"] + result["cpu_us"][batches]["machine"]) / cpu["machine"]
    return result


def line(round_number, r):
    cpu = {measure: values["machine"] for measure, values in r["cpu_us"].items()}
    return (f"round {round_number}: health {r['health']:.0f} rps, batch {r['batch']:.0f} events/s, limit {r['limit_batch']:.0f}/s; "
            f"single {r['single']:.2f}, minimal {r['minimal']:.2f} of it; with keys: batch {r['keyedbatch']:.0f} events/s, "
            f"limit {r['limit_keyedbatch']:.0f}/s, single {r['keyed']:.2f} of it; not committed {r['uncommitted']:.2f}; machine CPU µs per item: "
            + ", ".join(f"{measure} {value:.0f}" for measure, value in cpu.items())
            + f"; CPU ratios single {r['single_cpu']:.2f}, minimal {r['minimal_cpu']:.2f}, keyed {r['keyed_cpu']:.2f}, "
            f"not committed {r['uncommitted_cpu']:.2f}")


if len(sys.argv) > 2:
    print(line(sys.argv[2], ratios(sys.argv[2])))
    sys.exit()
rounds = sorted({int(name.split(".")[0]) for name in os.listdir(DIRECTORY)})
results = [ratios(n) for n in rounds]
median = {key: statistics.median(r[key] for r in results) for key in results[0] if key != "cpu_us"}
print(f"batch ingest: median {median['batch']:.0f} events/s, each {[round(r['batch']) for r in results]}; "
      f"COPY of the same rows: median {median['copy']:.0f} rows/s (one stream), batch/COPY {median['batch'] / median['copy']:.2f}")
print(f"limit 1/(1/health + 1/batch): median {median['limit_batch']:.0f} events/s; medians of the rounds' ratios: "
      f"single ingest {median['single']:.2f}, with return=minimal {median['minimal']:.2f}; "
      f"in machine CPU per item: single {median['single_cpu']:.2f}, minimal {median['minimal_cpu']:.2f}")
print(f"with retry keys: batch median {median['keyedbatch']:.0f} events/s, limit {median['limit_keyedbatch']:.0f} events/s; "
      f"single ingest with Idempotency-Key {median['keyed']:.2f} of it, {median['keyed_cpu']:.2f} in machine CPU per item")
print(f"the ceiling of any commit design: single ingest answered without a commit {median['uncommitted']:.2f} of the limit, "
      f"{median['uncommitted_cpu']:.2f} in machine CPU per item")
print("CPU µs per item, medians of the rounds (machine = server + postgres + the rest):")
splits = {}
for measure, label in LABELS.items():
    split = {name: statistics.median(r["cpu_us"][measure][name] for r in results) for name in MEASURES}
    split["rest"] = split["machine"] - split["server"] - split["postgres"]
    splits[measure] = split
    print(f"  {label}: " + ", ".join(f"{name} {value:.0f}" for name, value in split.items()))
for measure, batches in PAIRS.items():
    beyond = {name: splits[measure][name] - splits["health"][name] - splits[batches][name] for name in splits[measure]}
    print(f"  {LABELS[measure]} beyond a request and a {LABELS[batches]}: "
          + ", ".join(f"{name} {value:.0f}" for name, value in beyond.items()))
