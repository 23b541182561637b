#!/usr/bin/env python3
"""Compile time of every example: what a user waits for before a model runs.

    python3 scripts/compile-times.py [--sluice build/bin/sluice]
                                     [--baseline OTHER/sluice]
                                     [--examples ema,gla] [--repeat 5]
                                     [--no-run] [--json FILE]
                                     [--check BUDGET.json]

For each examples/NAME.sl it prints (the minimum over --repeat runs: the
machine's load only ever adds time):
  kernels   the kernels of `sluice compile --target cpu` (every one, deferred
            ones included)
  wall ms   wall clock of the whole `sluice compile --target cpu -o DIR`
            process (process start, dialects, passes, plan, LLVM, link)
  cpu ms    the same process's user + system CPU time (its children, the
            linker, included): steadier than wall clock on a loaded machine
  run few   `sluice run --time-phases` total (the in-process compile: the
            JIT and the deferred kernels the call needs) at T = 40000 and
            every other dim 1: one channel over more steps than the
            look-back's guards ask for (2048, 32768 for a coupled map), the
            look-back kernels
  run many  the same with the other dims 512 (one), 32 (two) or 8 (three or
            more): many channels, the channel-parallel kernels
With --baseline, each figure of the baseline binary is measured right before
this binary's (interleaved, so both see the same load) and printed as
"baseline -> this".

--check BUDGET.json (tests/Run/compile-budget.sl) measures `sluice compile`
only and exits with status 1 when an example has more kernels than its
budget (`kernels`: NAME -> count; a new kernel is a decision, made by
raising it) or takes more CPU time than `cpu_ms` (or `cpu_ms_of`'s figure
for NAME): bounds generous enough for a loaded machine, which catch a
compile that regresses badly, not noise.
"""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def model_dims(path):
    """The dims of the example's (first) model."""
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*dims\s+(.*)", line)
            if m:
                return [d.strip() for d in m.group(1).split(",") if d.strip()]
    return []


def random_spec(dims, many):
    others = [d for d in dims if d != "T"]
    if many:
        size, steps = {1: 512, 2: 32}.get(len(others), 8), 64
    else:
        size, steps = 1, 40000
    return ",".join(f"{d}={steps if d == 'T' else size}" for d in dims)


def children_cpu_ms():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000.0


def compile_once(sluice, example, out):
    """(wall ms, cpu ms, kernels) of one `sluice compile --target cpu`."""
    cpu = children_cpu_ms()
    start = time.perf_counter()
    done = subprocess.run([sluice, "compile", example, "--target", "cpu", "-o",
                           out], capture_output=True, text=True)
    wall = (time.perf_counter() - start) * 1000.0
    cpu = children_cpu_ms() - cpu
    if done.returncode != 0:
        sys.exit(f"{sluice} compile {example} failed:\n{done.stderr}")
    m = re.search(r"(\d+) kernels", done.stdout)
    return wall, cpu, int(m.group(1)) if m else -1


def run_once(sluice, example, spec, out):
    """The `--time-phases` total of one `sluice run` (ms), the JIT's object
    cache off (SLUICE_JIT_CACHE=0): what the first run of a model costs."""
    done = subprocess.run([sluice, "run", example, "--random", spec,
                           "--output-dir", out, "--time-phases"],
                          capture_output=True, text=True,
                          env=dict(os.environ, SLUICE_JIT_CACHE="0"))
    if done.returncode != 0:
        sys.exit(f"{sluice} run {example} --random {spec} failed:\n"
                 f"{done.stderr}")
    m = re.search(r"compile time ([0-9.]+) ms", done.stderr)
    return float(m.group(1)) if m else float("nan")


def measure(binaries, example, repeat, with_run, scratch):
    """{binary: {figure: min over repeat}} for one example."""
    dims = model_dims(example)
    best = {b: {} for b in binaries}

    def keep(b, key, value):
        best[b][key] = min(best[b].get(key, float("inf")), value)

    for _ in range(repeat):
        for b in binaries:
            wall, cpu, kernels = compile_once(b, example, scratch)
            keep(b, "wall_ms", wall)
            keep(b, "cpu_ms", cpu)
            best[b]["kernels"] = kernels
            if with_run and dims:
                keep(b, "run_few_ms", run_once(b, example,
                                               random_spec(dims, False),
                                               scratch))
                keep(b, "run_many_ms", run_once(b, example,
                                                random_spec(dims, True),
                                                scratch))
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sluice", default=os.path.join(ROOT, "build", "bin",
                                                         "sluice"))
    parser.add_argument("--baseline", help="another sluice binary to compare")
    parser.add_argument("--examples", help="comma-separated names (default all)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-run", action="store_true",
                        help="only `sluice compile`, not the JIT of `sluice run`")
    parser.add_argument("--json", help="also write the figures to FILE")
    parser.add_argument("--check", metavar="BUDGET.json",
                        help="fail when an example is over its budget")
    args = parser.parse_args()
    budget = None
    if args.check:
        with open(args.check) as f:
            budget = json.load(f)
        args.no_run = True
        args.baseline = None

    folder = os.path.join(ROOT, "examples")
    names = sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".sl"))
    if args.examples:
        wanted = args.examples.split(",")
        unknown = [n for n in wanted if n not in names]
        if unknown:
            sys.exit(f"no example {', '.join(unknown)} in {folder}")
        names = wanted
    binaries = ([args.baseline] if args.baseline else []) + [args.sluice]
    figures = ["kernels", "wall_ms", "cpu_ms"]
    if not args.no_run:
        figures += ["run_few_ms", "run_many_ms"]
    headers = {"kernels": "kernels", "wall_ms": "wall ms", "cpu_ms": "cpu ms",
               "run_few_ms": "run few", "run_many_ms": "run many"}
    print("| example | " + " | ".join(headers[f] for f in figures) + " |")
    print("| --- |" + " ---: |" * len(figures))
    results = {}
    with tempfile.TemporaryDirectory(prefix="sluice-compile-times-") as scratch:
        for name in names:
            best = measure(binaries, os.path.join(folder, name + ".sl"),
                           args.repeat, not args.no_run, scratch)
            results[name] = best[args.sluice]
            if args.baseline:
                results[name]["baseline"] = best[args.baseline]

            def cell(f):
                now = best[args.sluice].get(f, float("nan"))
                text = f"{now:.0f}"
                if args.baseline:
                    text = f"{best[args.baseline].get(f, float('nan')):.0f} -> " + text
                return text
            print(f"| {name} | " + " | ".join(cell(f) for f in figures) + " |",
                  flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    if budget is not None:
        sys.exit(1 if over_budget(results, budget) else 0)


def over_budget(results, budget):
    """Prints each example over `budget`; returns whether any is."""
    over = False
    for name, figures in results.items():
        kernels = budget["kernels"].get(name)
        if kernels is None:
            print(f"{name}: no kernel budget in the budget file: add one")
            over = True
        elif figures["kernels"] > kernels:
            print(f"{name}: {figures['kernels']} kernels, over its budget of "
                  f"{kernels}")
            over = True
        cpu = budget.get("cpu_ms_of", {}).get(name, budget["cpu_ms"])
        if figures["cpu_ms"] > cpu:
            print(f"{name}: `sluice compile` took {figures['cpu_ms']:.0f} ms "
                  f"of CPU, over its budget of {cpu} ms")
            over = True
    return over


if __name__ == "__main__":
    main()
