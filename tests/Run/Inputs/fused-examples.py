#!/usr/bin/env python3
"""Dumps every example at the `fused` stage and says, per example, what
sl-fuse decided for its element-wise ops and shifts:

  fused-examples.py EXAMPLES_DIR [sluice dump options...]

One line per example: `NAME: N inline, M store_result, ...` (each decision
with how many ops got it, in the order of #sl.fusion's cases), or `NAME: no
element-wise op`. An element-wise op (arith or math on a tensor, an sl
activation, broadcast or shift) without a decision prints `MISSING`; the
dump must also read back through `sluice-opt`. Exits 1 on a failure.
"""
import os
import re
import sys
from importlib import import_module

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The runner that stops at a failing command (scheduled-examples.py's).
run = import_module("scheduled-examples").run

DECISIONS = ["inline", "store_result", "store_shared", "store_deep",
             "store_wide", "store_unfused", "store_broadcast"]
# Ops sl-fuse decides (tensor results only; constants are checked by the
# attribute alone since scalar constants are not element-wise).
FUSABLE = re.compile(r"= (arith\.(addf|subf|mulf|divf|negf|maximumf|minimumf|"
                     r"extf|truncf|cmpf|select)|math\.\w+|sl\.(sigmoid|softplus|"
                     r"silu|gelu|broadcast|shift)) .*-> tensor|"
                     r"= (arith\.(addf|subf|mulf|divf|negf|maximumf|minimumf|"
                     r"extf|truncf|cmpf|select)|math\.\w+|sl\.(sigmoid|softplus|"
                     r"silu|gelu|broadcast|shift)) [^:]*: tensor")


def main():
    examples, options = sys.argv[1], sys.argv[2:]
    for name in sorted(os.listdir(examples)):
        if not name.endswith(".sl"):
            continue
        path = os.path.join(examples, name)
        ir = run(["sluice", "dump", path, "--stage", "fused",
                  "--hide-locations"] + options)
        run(["sluice-opt"], stdin=ir)
        counts = dict.fromkeys(DECISIONS, 0)
        missing = 0
        for line in ir.splitlines():
            match = re.search(r"sl\.fusion = #sl\.fusion<(\w+)>", line)
            if match:
                counts[match.group(1)] += 1
            elif FUSABLE.search(line):
                missing += 1
        parts = ["%d %s" % (counts[d], d) for d in DECISIONS if counts[d]]
        if missing:
            parts.append("%d MISSING" % missing)
        print("%s: %s" % (name[:-3], ", ".join(parts) if parts else
                          "no element-wise op"))


if __name__ == "__main__":
    main()
