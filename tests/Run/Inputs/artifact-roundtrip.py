#!/usr/bin/env python3
"""Compiles every example with `sluice compile --target cpu`, runs the
artifact with `sluice-run` and the model with `sluice run` (the JIT) on the
same random inputs, and compares every output: the same shapes, values
within RTOL (1e-5) of each other, NaN exactly where the other has NaN (the
artifact runs the JIT's code: random inputs may drive a model to NaN).

  artifact-roundtrip.py EXAMPLES_DIR WORK_DIR NAME=SIZE,... [NAME=SIZE,...]

Each size list is one run per example: a dim the list does not name gets
the size of the list's "*" entry (e.g. "B=1,T=9000,*=2": few channels and
a long T take the look-back scan; "B=2,T=300,*=5" the channel-parallel one).
Prints one line per example and run; exits 1 at the first difference.
"""
import math
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import npy  # noqa: E402  (Inputs/npy.py: reads .npy files without NumPy)

RTOL = 1e-5


def same_outputs(aot, jit):
    """None when every NAME.npy of aot agrees with jit's, else a message."""
    names = sorted(n for n in os.listdir(aot) if n.endswith(".npy"))
    if names != sorted(n for n in os.listdir(jit) if n.endswith(".npy")):
        return "different output files: %s vs %s" % (names, os.listdir(jit))
    for name in names:
        (_, sa, a), (_, sb, b) = npy.read(os.path.join(aot, name)), npy.read(
            os.path.join(jit, name))
        if sa != sb:
            return "%s: shapes differ: %s vs %s" % (name, sa, sb)
        for i, (x, y) in enumerate(zip(a, b)):
            if math.isnan(x) and math.isnan(y):
                continue
            if not (x == y or abs(x - y) <= RTOL * max(1.0, abs(x), abs(y))):
                return "%s: element %d differs: %r vs %r" % (name, i, x, y)
    return None


def dims_of(path):
    match = re.search(r"^\s*dims\s+([A-Za-z_0-9, ]+)$", open(path).read(), re.M)
    return [d.strip() for d in match.group(1).split(",")] if match else []


def sizes_for(dims, spec):
    given = dict(item.split("=") for item in spec.split(","))
    return ",".join("%s=%s" % (d, given.get(d, given["*"])) for d in dims)


def run(cmd):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True)
    if result.returncode != 0:
        sys.stdout.write("FAILED: %s\n%s" % (" ".join(cmd), result.stdout))
        sys.exit(1)


def main():
    examples, work, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
    for name in sorted(os.listdir(examples)):
        if not name.endswith(".sl"):
            continue
        path = os.path.join(examples, name)
        model = name[:-3]
        artifact = os.path.join(work, model + ".artifact")
        run(["sluice", "compile", path, "--target", "cpu", "-o", artifact])
        for i, spec in enumerate(specs):
            sizes = sizes_for(dims_of(path), spec)
            aot = os.path.join(work, "%s.%d.aot" % (model, i))
            jit = os.path.join(work, "%s.%d.jit" % (model, i))
            run(["sluice-run", artifact, "--random", sizes, "--seed", "7",
                 "--output-dir", aot])
            run(["sluice", "run", path, "--random", sizes, "--seed", "7",
                 "--output-dir", jit])
            problem = same_outputs(aot, jit)
            if problem:
                print("FAILED: %s %s: %s" % (model, sizes, problem))
                sys.exit(1)
            print("%s %s: artifact matches the JIT" % (model, sizes))


if __name__ == "__main__":
    main()
