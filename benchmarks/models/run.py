#!/usr/bin/env python3
"""The model zoo benchmark: every zoo model at a realistic shape, in one run.

    python3 benchmarks/models/run.py [--models gla,retnet] [--quick]
                                     [--repeat 5] [--sluice build/bin/sluice]
                                     [--json FILE]

For each model (examples/NAME.sl, its NumPy module tests/numpy/NAME.py) it
prints:
  ms        sluice's median time per call (`sluice bench --json`, default
            options: recognition, fusion, the scan strategy chosen per call)
  nofus ms  the same with `--no-fusion` (every element-wise op its own kernel)
  seq ms    the same model forced sequential (`--scan-strategy sequential`:
            no recognition, every scan block runs as the loop it is written as)
  MB        unique bytes (inputs, params and outputs, as `sluice bench` counts)
  GFLOP     the model's arithmetic, counted from the shapes (FLOPS below)
  bound ms  the roofline: max(bytes / copy bandwidth, flops / FMA peak), both
            measured at the start of this run by peak.cpp (built here)
  xbound    ms / bound ms (1.0 = at the roofline)
  xseq      seq ms / ms (> 1: the parallel scans pay)
  xnumpy    the NumPy f32 loop's ms / ms: the module's `reference` function
            run on float32 inputs (vectorised over channels, a Python loop
            over T)
  xtorch    the same loop in PyTorch eager on the CPU (the module's reference
            run with a NumPy-like shim over torch); skipped with a message when
            torch is not importable

The inputs are the NumPy module's `inputs` draws (stored as f32 .npy and
passed to sluice with --input), so every contender sees the same values.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))

# name -> (dims, flops(d)). Flops: 2 per multiply-add of a contraction, 1 per
# other arithmetic op or transcendental, from the paper's formula per element.
MODELS = {
    "hawk_rglru": (dict(B=4, T=2048, D=256),
                   lambda d: 4 * d["B"] * d["T"] * d["D"] ** 2 + 15 * d["B"] * d["T"] * d["D"]),
    "mingru": (dict(B=4, T=2048, D=256),
               lambda d: 4 * d["B"] * d["T"] * d["D"] ** 2 + 8 * d["B"] * d["T"] * d["D"]),
    "selective_scan": (dict(B=4, T=2048, D=256, N=16),
                       lambda d: 7 * d["B"] * d["T"] * d["D"] * d["N"]),
    "mamba2_ssd": (dict(B=4, T=2048, H=8, P=32, N=16),
                   lambda d: d["B"] * d["T"] * d["H"] * (5 * d["P"] * d["N"] + 2 * d["P"])),
    "gla": (dict(B=4, T=2048, H=4, K=32, V=32),
            lambda d: d["B"] * d["T"] * d["H"] * (5 * d["K"] * d["V"] + 4 * d["K"])),
    "retnet": (dict(B=4, T=2048, H=4, K=32, V=32),
               lambda d: 5 * d["B"] * d["T"] * d["H"] * d["K"] * d["V"]),
    "mlstm": (dict(B=2, T=2048, H=4, K=32, V=32),
              lambda d: d["B"] * d["T"] * d["H"] * (6 * d["K"] * d["V"] + 8 * d["K"])),
    "linoss_im": (dict(B=4, T=2048, P=1024),
                  lambda d: 6 * d["B"] * d["T"] * d["P"]),
    "rwkv4_wkv": (dict(B=4, T=2048, D=1024),
                  lambda d: 20 * d["B"] * d["T"] * d["D"]),
    "s4d": (dict(B=4, T=2048, D=256, N=16),
            lambda d: d["B"] * d["T"] * d["D"] * (4 * d["N"] + 2)),
    "holt_winters": (dict(B=2048, T=2048),
                     lambda d: 16 * d["B"] * d["T"]),
}

QUICK_T = 256


def load_module(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_peaks(workdir):
    """Builds and runs peak.cpp: {copy_gbps, fma_gflops, threads, lanes}."""
    exe = os.path.join(workdir, "peak")
    subprocess.run(["c++", "-O2", "-march=native", "-pthread",
                    os.path.join(HERE, "peak.cpp"), "-o", exe], check=True)
    return json.loads(subprocess.run([exe], check=True, capture_output=True,
                                     text=True).stdout)


def sluice_bench(sluice, model_path, files, repeat, extra):
    command = [sluice, "bench", model_path, "--json", "--warmup", "1",
               "--repeat", str(repeat)] + extra
    for name, path in files.items():
        command += ["--input", f"{name}={path}"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    return json.loads(result.stdout.strip().splitlines()[-1])


def best_of(fn, runs):
    """The fastest of `runs` calls, in ms."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - start) * 1e3)
    return best


class TorchAsNumpy:
    """The few NumPy functions the reference modules use, over torch tensors."""

    def __init__(self, torch):
        self.torch = torch

    def __getattr__(self, name):  # exp, sqrt, abs, einsum, zeros, empty, ...
        return getattr(self.torch, name)

    def maximum(self, a, b):
        return self.torch.clamp_min(a, b) if not self.torch.is_tensor(b) \
            else self.torch.maximum(a, b)

    def sum(self, x, axis=None, keepdims=False):
        return self.torch.sum(x, dim=axis, keepdim=keepdims)


def run_torch(path, inputs32, dims, runs):
    import torch
    module = load_module(path)  # a fresh copy whose `np` is the shim
    module.np = TorchAsNumpy(torch)
    tensors = {k: torch.from_numpy(v) for k, v in inputs32.items()}
    with torch.no_grad():
        return best_of(lambda: module.reference(tensors, dims), runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--quick", action="store_true",
                        help=f"T = {QUICK_T} (a smoke test of the script)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--loop-runs", type=int, default=1,
                        help="calls of the NumPy and PyTorch loops (best taken)")
    parser.add_argument("--sluice", default=os.path.join(REPO, "build", "bin", "sluice"))
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    try:
        import torch
        torch_note = f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads"
    except ImportError:
        torch = None
        torch_note = "PyTorch not importable: its column is skipped " \
                     "(pip install torch to get it)"

    workdir = tempfile.mkdtemp(prefix="sluice-models-")
    peaks = measure_peaks(workdir)
    print(f"copy bandwidth {peaks['copy_gbps']:.2f} GB/s (memcpy of 512 MiB on "
          f"{peaks['threads']} threads, read + write counted), FMA peak "
          f"{peaks['fma_gflops']:.1f} GFLOP/s (f32, {peaks['lanes']} lanes, "
          f"{peaks['threads']} threads); NumPy {np.__version__}; {torch_note}")
    header = (f"{'model':15s} {'shape':18s} {'ms':>8s} {'nofus ms':>8s} {'seq ms':>8s} {'MB':>6s} "
              f"{'GFLOP':>7s} {'bound ms':>9s} {'xbound':>7s} {'xseq':>6s} "
              f"{'xnumpy':>7s} {'xtorch':>7s}")
    print(header)
    rows = []
    for name in args.models.split(","):
        dims, flops_of = MODELS[name]
        dims = dict(dims)
        if args.quick:
            dims["T"] = QUICK_T
        ref_path = os.path.join(REPO, "tests", "numpy", name + ".py")
        module = load_module(ref_path)
        inputs32 = {k: np.ascontiguousarray(np.asarray(v, dtype=np.float32))
                    for k, v in module.inputs(np.random.default_rng(0), dims).items()}
        files = {}
        for k, v in inputs32.items():
            files[k] = os.path.join(workdir, f"{name}.{k}.npy")
            np.save(files[k], v)
        model_path = os.path.join(REPO, module.MODEL)
        row = {"model": name, "dims": dims}
        try:
            fast = sluice_bench(args.sluice, model_path, files, args.repeat, [])
            seq = sluice_bench(args.sluice, model_path, files, args.repeat,
                               ["--scan-strategy", "sequential"])
            nofusion = sluice_bench(args.sluice, model_path, files, args.repeat,
                                    ["--no-fusion"])
        except RuntimeError as error:
            print(f"{name}: sluice failed: {error}")
            continue
        row["ms"], row["seq_ms"], row["bytes"] = fast["median_ms"], seq["median_ms"], fast["bytes"]
        row["nofusion_ms"] = nofusion["median_ms"]
        row["flops"] = flops_of(dims)
        row["bound_ms"] = max(row["bytes"] / (peaks["copy_gbps"] * 1e6),
                              row["flops"] / (peaks["fma_gflops"] * 1e6))
        out = module.reference(inputs32, dims)
        if not all(v.dtype == np.float32 for v in out.values()):
            print(f"{name}: note: its NumPy reference computes in float64")
        row["numpy_ms"] = best_of(lambda: module.reference(inputs32, dims), args.loop_runs)
        row["torch_ms"] = None
        if torch:
            try:
                row["torch_ms"] = run_torch(ref_path, inputs32, dims, args.loop_runs)
            except Exception as error:  # a NumPy call the shim lacks
                print(f"{name}: PyTorch skipped: {type(error).__name__}: {error}")
        rows.append(row)
        shape = ",".join(str(v) for v in dims.values())
        torch_ratio = f"{row['torch_ms'] / row['ms']:7.1f}" if row["torch_ms"] else f"{'-':>7s}"
        print(f"{name:15s} {shape:18s} {row['ms']:8.1f} {row['nofusion_ms']:8.1f} {row['seq_ms']:8.1f} "
              f"{row['bytes'] / 1e6:6.1f} {row['flops'] / 1e9:7.2f} {row['bound_ms']:9.2f} "
              f"{row['ms'] / row['bound_ms']:7.1f} {row['seq_ms'] / row['ms']:6.2f} "
              f"{row['numpy_ms'] / row['ms']:7.1f} {torch_ratio}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"peaks": peaks, "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
