"""The machine's CPU time so far, in clock ticks, steal and idle left out: on a shared host the
hypervisor takes a varying share of each second (steal), which moves every rate; the CPU an
item costs is what steal does not move. Imported by the harnesses written in Python; run as a
script, it prints the count (`busy_ticks` in lib.sh)."""

import os

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def busy_ticks() -> int:
    """user + nice + system + irq + softirq of /proc/stat's first line."""
    with open("/proc/stat") as stat:
        fields = [int(field) for field in stat.readline().split()[1:]]
    return fields[0] + fields[1] + fields[2] + fields[5] + fields[6]


if __name__ == "__main__":
    print(busy_ticks())
