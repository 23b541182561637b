#!/usr/bin/env python3
"""Dumps every example at the `scheduled` stage and says, per example, how
many scans it has and the schedule each got:

  scheduled-examples.py EXAMPLES_DIR [sluice dump options...]

One line per example: `NAME: S scans: N x <SCHEDULE>; ...` (each distinct
schedule as printed between `#sl.schedule<` and `>`, with how many scans
have it), or `NAME: no scan`.
A scan without a schedule prints `MISSING`; the dump must also read back
through `sluice-opt` (the printed attributes parse). Exits 1 on a failure.
"""
import os
import re
import subprocess
import sys


def run(cmd, stdin=None):
    result = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, universal_newlines=True)
    if result.returncode != 0:
        sys.stdout.write("FAILED: %s\n%s" % (" ".join(cmd), result.stdout))
        sys.exit(1)
    return result.stdout


def main():
    examples, options = sys.argv[1], sys.argv[2:]
    for name in sorted(os.listdir(examples)):
        if not name.endswith(".sl"):
            continue
        path = os.path.join(examples, name)
        ir = run(["sluice", "dump", path, "--stage", "scheduled",
                  "--hide-locations"] + options)
        run(["sluice-opt"], stdin=ir)
        scans = [line for line in ir.splitlines() if re.search(r"= sl\.scan ", line)]
        schedules = []
        for line in scans:
            match = re.search(r"schedule = #sl\.schedule<([^>]*)>", line)
            schedules.append(match.group(1) if match else "MISSING")
        if not scans:
            print("%s: no scan" % name[:-3])
            continue
        groups = []  # (schedule, count) in order of first appearance
        for schedule in schedules:
            for i, (seen, count) in enumerate(groups):
                if seen == schedule:
                    groups[i] = (seen, count + 1)
                    break
            else:
                groups.append((schedule, 1))
        print("%s: %d scan%s: %s" % (
            name[:-3], len(scans), "" if len(scans) == 1 else "s",
            "; ".join("%d x <%s>" % (count, schedule) for schedule, count in groups)))


if __name__ == "__main__":
    main()
