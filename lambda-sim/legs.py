#!/usr/bin/env python3
"""Where a warm invocation's client-visible time goes, per kind: the emulator's marks (legs.tsv,
written with LAMBDA_SIM_THREAD_CPU=1, see Legs.java) set beside the light containers' own
(the THREADCPU lines' t_* marks, see ThreadCpu.java). Both are System.nanoTime() in microseconds:
one clock for every process on Linux. Prints percentiles (10, 25, 50, 75, 90) in microseconds of:

  thaw        submitted -> the thaw's SIGCONT answered (the emulator's)
  deliver     -> the event written to the runtime (an INVOKE-subscribed extension's is written first)
  to_handler  -> the handler entered (the runtime interface client's read and dispatch)
  handler     -> the handler returned: reading + body + end
  reading     the diagnostic's own reading at the handler's start (/proc, per thread)
  body        the function's work up to endInvocation()
  end         endInvocation()
  respond     the handler returned -> the response arrived at the emulator (what the caller sees)
  client      submitted -> the response arrived
  after       the response -> the invoke phase ended (billed, not seen)

    lambda-sim/legs.py lambda-sim/target/lambda-sim-benchmark/logs/spaced-100 [first]

Invocations from the container's `first`-th on (default 10: past the JIT's warm-up)."""
import collections
import pathlib
import re
import sys

LEGS = ("thaw", "deliver", "to_handler", "handler", "reading", "body", "end", "respond", "client", "after")


def container_marks(log):
    """The handler's marks of each invocation in one container log: (invocation, enter, start, end called, end)."""
    rows = []
    for line in log.read_text(errors="replace").splitlines():
        if not line.startswith("THREADCPU "):
            continue
        fields = dict(field.rpartition("=")[::2] for field in line.split()[1:])
        if "t_start" in fields and fields.get("t_enter", "0") != "0":
            # A cycle's line carries the previous invocation's marks.
            rows.append((int(fields["n"]) - 1, int(fields["t_enter"]), int(fields["t_start"]),
                         int(fields["t_endcalled"]), int(fields["t_end"])))
    return rows


def main(root, first):
    data = collections.defaultdict(lambda: collections.defaultdict(list))
    for legs in pathlib.Path(root).rglob("legs.tsv"):
        marks = {}
        for log in legs.parent.glob("*.log"):
            match = re.match(r"(.+?)-\d+$", log.stem)
            if match:
                marks[log.stem] = (match.group(1), container_marks(log))
        for line in legs.read_text().splitlines():
            container, submitted, thawed, handed, responded, ended = line.split("\t")
            submitted, thawed, handed, responded, ended = map(int, (submitted, thawed, handed, responded, ended))
            if container not in marks or thawed == 0 or handed == 0 or responded == 0:
                continue  # a cold start (no thaw), or no answer
            kind, rows = marks[container]
            # The handler that entered between the submission and the response.
            row = next((r for r in rows if submitted <= r[1] <= responded), None)
            if row is None or row[0] < first:
                continue
            _, enter, start, end_called, end = row
            legs_of = data[kind]
            for name, value in (("thaw", thawed - submitted), ("deliver", handed - thawed),
                                ("to_handler", enter - handed), ("handler", end - enter),
                                ("reading", start - enter), ("body", end_called - start), ("end", end - end_called),
                                ("respond", responded - end), ("client", responded - submitted),
                                ("after", ended - responded)):
                legs_of[name].append(value)
    if not data:
        print("no legs found under", root, "(run with LAMBDA_SIM_THREAD_CPU=1)")
        return
    print("leg | kind | invocations | p10 | p25 | p50 | p75 | p90 (microseconds)")
    for leg in LEGS:
        for kind in sorted(data):
            values = sorted(data[kind][leg])
            n = len(values)
            print(leg, "|", kind, "|", n, "|", " | ".join(str(values[int(n * q)]) for q in (0.1, 0.25, 0.5, 0.75, 0.9)))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10)
