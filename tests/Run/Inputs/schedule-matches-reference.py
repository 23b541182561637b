#!/usr/bin/env python3
"""Runs every example on a target with a forced schedule and on the float64
reference, on the same random inputs, and compares every output:

  schedule-matches-reference.py --target cpu --schedule strategy=lookback,chunk=64 \\
      EXAMPLES_DIR WORK_DIR SPEC...

Like target-matches-reference.py (whose comparison it uses): the first SPEC
runs through an artifact (`sluice compile --schedule ...`, then
`sluice-run`), the others through `sluice run --schedule ...`. A small
chunk cuts T into many look-back blocks, so the carries cross many block
boundaries. Prints one line per example and run; exits 1 at the first
difference.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from importlib import import_module  # noqa: E402

roundtrip = import_module("artifact-roundtrip")
reference = import_module("target-matches-reference")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--schedule", required=True)
    parser.add_argument("--rtol", type=float, default=1e-4)
    parser.add_argument("examples")
    parser.add_argument("work")
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args()
    schedule = ["--schedule", args.schedule]
    for name in sorted(os.listdir(args.examples)):
        if not name.endswith(".sl"):
            continue
        model = name[:-3]
        path = os.path.join(args.examples, name)
        artifact = os.path.join(args.work, model + "." + args.target)
        roundtrip.run(["sluice", "compile", path, "--target", args.target, "-o",
                       artifact] + schedule)
        for i, spec in enumerate(args.specs):
            sizes = roundtrip.sizes_for(roundtrip.dims_of(path), spec)
            got = os.path.join(args.work, "%s.%d.got" % (model, i))
            want = os.path.join(args.work, "%s.%d.want" % (model, i))
            if i == 0:
                roundtrip.run(["sluice-run", artifact, "--random", sizes, "--seed", "7",
                               "--output-dir", got])
            else:
                roundtrip.run(["sluice", "run", path, "--target", args.target,
                               "--random", sizes, "--seed", "7", "--output-dir",
                               got] + schedule)
            roundtrip.run(["sluice", "run", path, "--target", "reference", "--random",
                           sizes, "--seed", "7", "--output-dir", want])
            problem = reference.compare(got, want, args.rtol)
            how = "artifact" if i == 0 else "run"
            if problem:
                print("FAILED: %s %s (%s): %s" % (model, sizes, how, problem))
                sys.exit(1)
            print("%s %s (%s): %s with %s matches the reference" % (
                model, sizes, how, args.target, args.schedule))


if __name__ == "__main__":
    main()
