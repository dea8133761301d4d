"""CPU time so far, in clock ticks: the machine's (steal and idle left out), the server's and
PostgreSQL's. On a shared host the hypervisor takes a varying share of each second (steal),
which moves every rate; the CPU an item costs is what steal does not move, and its split by
process says where an item's cost goes. Imported by the harnesses written in Python; run as a
script, it prints `machine M server S postgres P` (`cpu_ticks` in lib.sh). The server is the
process `BENCH_PID` names (lib.sh's `start_bench_server` exports it); PostgreSQL is every
process named `postgres`, its connections included (one that ends between two readings takes
its ticks with it: the server's pooled connections live through a run)."""

import os
import re

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
MEASURES = ("machine", "server", "postgres")


def busy_ticks() -> int:
    """user + nice + system + irq + softirq of /proc/stat's first line."""
    with open("/proc/stat") as stat:
        fields = [int(field) for field in stat.readline().split()[1:]]
    return fields[0] + fields[1] + fields[2] + fields[5] + fields[6]


def process_ticks(pid: str) -> int:
    """user + system of one process, 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def postgres_ticks() -> int:
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as comm:
                if comm.read().strip() != "postgres":
                    continue
        except OSError:
            continue
        total += process_ticks(pid)
    return total


def cpu_ticks() -> dict:
    server = os.environ.get("BENCH_PID")
    return {"machine": busy_ticks(), "server": process_ticks(server) if server else 0, "postgres": postgres_ticks()}


def microseconds_per_item(before: dict, after: dict, items: int) -> dict:
    return {measure: (after[measure] - before[measure]) / TICKS_PER_SECOND * 1e6 / items for measure in MEASURES}


def ticks_in(text: str, label: str) -> dict:
    """The ticks a `cpu_ticks` line after LABEL holds in a harness's output."""
    fields = re.search(label + r": (.*)", text).group(1).split()
    return {name: int(value) for name, value in zip(fields[::2], fields[1::2])}


def wrk_rate_and_cpu(text: str) -> tuple:
    """Requests per second and CPU µs per request (machine, server, postgres) of one wrk output
    with the ticks before and after it (lib.sh's `wrk_with_cpu`)."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    return rps, microseconds_per_item(ticks_in(text, "CPU ticks before"), ticks_in(text, "CPU ticks after"), requests)


if __name__ == "__main__":
    print(" ".join(f"{measure} {ticks}" for measure, ticks in cpu_ticks().items()))
