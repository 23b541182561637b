#!/usr/bin/env python3
"""Runs every example on a target and on the float64 reference, on the same
random inputs, and compares every output:

  target-matches-reference.py --target opencl EXAMPLES_DIR WORK_DIR SPEC...

Each SPEC is one run per example, a size list like "B=2,T=300,*=5" (a dim
the list does not name gets the "*" size). The first SPEC runs through an
artifact (`sluice compile --target T -o DIR`, then `sluice-run DIR`), the
others through `sluice run --target T`, so both paths are covered; with
`--schedule S` both compile and run take that schedule (a small chunk cuts T
into many look-back blocks, so the carries cross many block boundaries). An
output matches when max |got - want| <= RTOL * (max |want| + 1), infinities
are equal (an f32 infinity may stand for a reference value beyond 1e36 of
the same sign), and NaN appears only where the reference has NaN. An output
whose reference overflows (beyond 1e30, or infinite) is only checked for
NaN where the reference is below 1e30: random inputs drive some models
(Holt-Winters with negative smoothing) past what f32 can follow. Prints one
line per example and run; exits 1 at the first difference.
"""
import argparse
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import npy  # noqa: E402  (Inputs/npy.py: reads .npy files without NumPy)

from importlib import import_module  # noqa: E402

roundtrip = import_module("artifact-roundtrip")


def compare(got_dir, want_dir, rtol):
    """None when every output of got_dir matches want_dir's, else a message."""
    names = sorted(n for n in os.listdir(want_dir) if n.endswith(".npy"))
    if names != sorted(n for n in os.listdir(got_dir) if n.endswith(".npy")):
        return "different output files: %s vs %s" % (os.listdir(got_dir), names)
    for name in names:
        (_, sg, got), (_, sw, want) = npy.read(os.path.join(got_dir, name)), npy.read(
            os.path.join(want_dir, name))
        if sg != sw:
            return "%s: shapes differ: %s vs %s" % (name, sg, sw)
        finite = [abs(w) for w in want if not math.isnan(w) and not math.isinf(w)]
        if any(math.isinf(w) for w in want) or (finite and max(finite) > 1e30):
            # Random inputs drove the model past what f32 follows (e.g. a
            # Holt-Winters with negative smoothing): overflow order decides.
            if any(math.isnan(g) and not math.isnan(w) and not math.isinf(w)
                   and abs(w) < 1e30 for g, w in zip(got, want)):
                return "%s: NaN where the reference is moderate" % name
            continue
        bound = rtol * ((max(finite) if finite else 0.0) + 1.0)
        for i, (g, w) in enumerate(zip(got, want)):
            if math.isnan(w) or math.isinf(w) or math.isnan(g) or math.isinf(g):
                # f32 may overflow a step before the f64 reference, which
                # then holds a value near the f32 limit (random inputs drive
                # some models, e.g. Holt-Winters, to it).
                near_limit = math.isinf(g) and not math.isinf(w) and abs(w) > 1e36 \
                    and (g > 0) == (w > 0)
                if not (g == w or near_limit or (math.isnan(g) and math.isnan(w))):
                    return "%s: element %d is %r, the reference %r" % (name, i, g, w)
                continue
            if abs(g - w) > bound:
                return "%s: element %d is %r, the reference %r (bound %g)" % (
                    name, i, g, w, bound)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--rtol", type=float, default=1e-4)
    parser.add_argument("--only", default="", help="comma-separated example names")
    parser.add_argument("--schedule", default="",
                        help="a --schedule for compile and run (e.g. chunk=8: many "
                             "look-back blocks)")
    parser.add_argument("examples")
    parser.add_argument("work")
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    schedule = ["--schedule", args.schedule] if args.schedule else []
    what = args.target + (" with " + args.schedule if args.schedule else "")
    for name in sorted(os.listdir(args.examples)):
        model = name[:-3]
        if not name.endswith(".sl") or (only and model not in only):
            continue
        path = os.path.join(args.examples, name)
        artifact = os.path.join(args.work, model + "." + args.target)
        roundtrip.run(["sluice", "compile", path, "--target", args.target, "-o", artifact]
                      + schedule)
        for i, spec in enumerate(args.specs):
            sizes = roundtrip.sizes_for(roundtrip.dims_of(path), spec)
            got = os.path.join(args.work, "%s.%d.got" % (model, i))
            want = os.path.join(args.work, "%s.%d.want" % (model, i))
            if i == 0:
                roundtrip.run(["sluice-run", artifact, "--random", sizes, "--seed", "7",
                               "--output-dir", got])
            else:
                roundtrip.run(["sluice", "run", path, "--target", args.target,
                               "--random", sizes, "--seed", "7", "--output-dir", got]
                              + schedule)
            roundtrip.run(["sluice", "run", path, "--target", "reference", "--random",
                           sizes, "--seed", "7", "--output-dir", want])
            problem = compare(got, want, args.rtol)
            how = "artifact" if i == 0 else "run"
            if problem:
                print("FAILED: %s %s (%s): %s" % (model, sizes, how, problem))
                sys.exit(1)
            print("%s %s (%s): %s matches the reference" % (model, sizes, how, what))


if __name__ == "__main__":
    main()
