#!/usr/bin/env python3
"""Reads the THREADCPU lines (LAMBDA_SIM_THREAD_CPU=1, see ThreadCpu.java) of the light kinds'
container logs and prints, per kind and range of cycles, the mean CPU per cycle of each thread
group in milliseconds.

    lambda-sim/thread-cpu.py [--each] lambda-sim/target/lambda-sim-benchmark/logs/spaced-100

A cycle n is what the JVM's threads used from invocation n-1's start to invocation n's start
(n=1: start-up and init). Kinds are told apart by the container log's name (light-hikari-3.log,
light-12.log)."""
import collections
import pathlib
import re
import statistics
import sys

RANGES = [(1, 1), (2, 3), (4, 9), (10, 10**9)]
GROUPS = ("container", "handler", "extension", "compiler", "hikari", "vm/gc", "other")
# The handler's wall clock in the previous invocation (ms): all of it, up to endInvocation(), endInvocation() itself.
WALLS = ("wall_handler", "wall_body", "wall_end")
# Not CPU: the heap the JVM's threads allocated in the cycle, KiB (shown as is, not in ms).
EXTRAS = ("alloc_kb",)
# --each: every cycle number up to 9 on its own row (short runs: the timeout profiles' few invocations)
if "--each" in sys.argv:
    sys.argv.remove("--each")
    RANGES = [(n, n) for n in range(1, 10)] + [(10, 10**9)]


def group(name):
    if name in ("main", "java"):
        return "handler"
    if name.startswith("serverless-mys"):
        return "extension"
    if name.startswith("C1_Compiler") or name.startswith("C2_Compiler"):
        return "compiler"
    if name.startswith("HikariPool") or name.startswith("HikariCP") or "housekeeper" in name.lower():
        return "hikari"
    if name in ("VM_Thread",):
        return "vm/gc"
    return "other"


def kind_of(path):
    match = re.match(r"(.+?)-\d+\.log$", path.name)
    return match.group(1) if match else path.stem


def main(root):
    # kind -> range -> group -> list of per-cycle values
    data = collections.defaultdict(lambda: collections.defaultdict(lambda: collections.defaultdict(list)))
    cycles = collections.defaultdict(lambda: collections.Counter())
    for log in pathlib.Path(root).rglob("*.log"):
        kind = kind_of(log)
        for line in log.read_text(errors="replace").splitlines():
            if not line.startswith("THREADCPU "):
                continue
            fields = line.split()
            n = int(fields[1][2:])
            totals = collections.Counter()
            walls = {}
            for field in fields[2:]:
                name, _, micros = field.rpartition("=")
                if name.startswith("t_"):
                    continue  # absolute marks, for legs.py
                if name in WALLS or name in EXTRAS:
                    walls[name] = int(micros)
                else:
                    totals[group(name)] += int(micros)
            totals["container"] = sum(totals.values())
            totals.update(walls)
            for low, high in RANGES:
                if low <= n <= high:
                    cycles[kind][(low, high)] += 1
                    for g in GROUPS:
                        data[kind][(low, high)][g].append(totals.get(g, 0) / 1000)
                    for g in WALLS + EXTRAS:
                        if g in walls:
                            data[kind][(low, high)][g].append(walls[g] / (1 if g in EXTRAS else 1000))
    print("kind | cycles | n | " + " | ".join(g + " mean (median)" for g in GROUPS + WALLS + EXTRAS))
    for kind in sorted(data):
        for low, high in RANGES:
            values = data[kind].get((low, high))
            if not values:
                continue
            label = f"{low}" if low == high else (f"{low}-{high}" if high < 10**9 else f">={low}")
            cells = []
            for g in GROUPS + WALLS + EXTRAS:
                v = values.get(g)
                cells.append(f"{statistics.mean(v):.2f} ({statistics.median(v):.2f})" if v else "-")
            print(f"{kind} | {label} | {cycles[kind][(low, high)]} | " + " | ".join(cells))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lambda-sim/target/lambda-sim-benchmark/logs")
