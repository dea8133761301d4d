"""Two builds side by side, from the outputs `compare-builds.sh` keeps per round
(`ROUND.BUILD.MEASURE`): for each measure, B against A in the same round, as the ratio of
their rates and of their machine CPU per request, with the medians of those ratios, and each
build's median CPU per request split into the server's and PostgreSQL's.

    python3 Benchmarks/compare_builds.py ROUNDS_DIR"""

import os
import statistics
import sys

from machine_cpu import MEASURES, wrk_rate_and_cpu

DIRECTORY = sys.argv[1]
rounds = sorted({int(name.split(".")[0]) for name in os.listdir(DIRECTORY)})


def measured(round_number, build, measure):
    with open(os.path.join(DIRECTORY, f"{round_number}.{build}.{measure}")) as file:
        return wrk_rate_and_cpu(file.read())


for measure in ("health", "single", "minimal"):
    pairs = [(measured(n, "A", measure), measured(n, "B", measure)) for n in rounds]
    rates = [b[0] / a[0] for a, b in pairs]
    cpus = [b[1]["machine"] / a[1]["machine"] for a, b in pairs]
    print(f"{measure}: B/A rate {statistics.median(rates):.2f} (each {[round(r, 2) for r in rates]}), "
          f"B/A machine CPU per request {statistics.median(cpus):.2f} (each {[round(c, 2) for c in cpus]})")
    for build, index in (("A", 0), ("B", 1)):
        split = {name: statistics.median(pair[index][1][name] for pair in pairs) for name in MEASURES}
        print(f"  {build} CPU µs per request: " + ", ".join(f"{name} {value:.0f}" for name, value in split.items()))
