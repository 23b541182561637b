#!/usr/bin/env python3
"""Runs a model with `sluice run` and compares every output with an
independent float64 NumPy implementation of the model's formula.

  check-numpy.py REF.py [--dims B=2,T=1000] [--target cpu|opencl|reference]
                 [--no-fusion] [--scan-strategy channel_parallel|chunked|sequential]
                 [--threads N] [--seed S] [--sluice PATH] [--keep DIR]

REF.py (tests/numpy/*.py) defines, in plain NumPy:
  MODEL        the .sl file, relative to the repository root
  MODEL_NAME   optional: the model's name when the file defines several
  DIMS         default sizes, e.g. {"B": 2, "T": 300, "D": 16}
  inputs(rng, dims)     -> {name: array} for every input and param
  reference(inp, dims)  -> {name: float64 array} for every output
  INPUT_DTYPES optional: {name: "float16" | "float64" | ...} (default float32)
  RTOL         optional: the tolerance (default 1e-4), per output or a dict

Inputs are stored in their dtype and the reference sees the stored values
(so rounding to f32 is not counted as an error). An output passes when
max|got - want| <= RTOL * max|want| (plus 1e-30), the infinities agree
exactly and no NaN appears where the reference has a number. Exits 1 on the
first output that does not pass, printing the worst element; 0 when all do.
"""
import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_module(path):
    spec = importlib.util.spec_from_file_location("numpy_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_dims(text):
    dims = {}
    for part in filter(None, (text or "").split(",")):
        name, _, value = part.partition("=")
        dims[name.strip()] = int(value)
    return dims


def compare(name, got, want, rtol):
    """Returns None when `got` matches `want`, else a message."""
    if got.shape != want.shape:
        return f"{name}: shape {got.shape}, expected {want.shape}"
    got = got.astype(np.float64)
    if np.isnan(want).any():
        return f"{name}: the NumPy reference itself has NaN (fix the reference)"
    bad_nan = np.isnan(got)
    if bad_nan.any():
        idx = tuple(int(i) for i in np.unravel_index(np.argmax(bad_nan), got.shape))
        return f"{name}: NaN at {idx} where the reference has {want[idx]!r}"
    inf_want, inf_got = np.isinf(want), np.isinf(got)
    mismatch = (inf_want | inf_got) & (got != want)
    if mismatch.any():
        idx = tuple(int(i) for i in np.unravel_index(np.argmax(mismatch), got.shape))
        return f"{name}: {got[idx]!r} at {idx}, expected {want[idx]!r}"
    finite = ~inf_want
    if not finite.any():
        return None
    diff = np.where(finite, np.abs(got - want), 0.0)
    scale = np.abs(want[finite]).max()
    worst = tuple(int(i) for i in np.unravel_index(np.argmax(diff), got.shape))
    error = diff[worst] / (scale + 1e-30)
    line = (f"{name}: max|diff| {diff[worst]:.3g} at {worst} "
            f"(got {got[worst]:.9g}, want {want[worst]:.9g}), "
            f"{error:.3g} of max|want| {scale:.3g}; tolerance {rtol:g}")
    print(line)
    return None if error <= rtol else "mismatch: " + line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reference")
    parser.add_argument("--dims", default="")
    parser.add_argument("--target", default="cpu", choices=["cpu", "opencl", "reference"])
    parser.add_argument("--no-fusion", action="store_true")
    parser.add_argument("--scan-strategy", choices=["channel_parallel", "chunked", "sequential"])
    parser.add_argument("--threads", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sluice", default="sluice")
    parser.add_argument("--keep", help="write the inputs and outputs here")
    args = parser.parse_args()

    ref = load_module(args.reference)
    dims = dict(ref.DIMS)
    dims.update(parse_dims(args.dims))
    rng = np.random.default_rng(args.seed)
    raw = ref.inputs(rng, dims)
    dtypes = getattr(ref, "INPUT_DTYPES", {})

    workdir = args.keep or tempfile.mkdtemp(prefix="check-numpy-")
    os.makedirs(workdir, exist_ok=True)
    stored = {}
    command = [args.sluice, "run", os.path.join(REPO, ref.MODEL),
               "--target", args.target, "--output-dir", os.path.join(workdir, "out")]
    if getattr(ref, "MODEL_NAME", None):
        command += ["--model", ref.MODEL_NAME]
    for name, value in raw.items():
        array = np.ascontiguousarray(np.asarray(value, dtype=dtypes.get(name, "float32")))
        path = os.path.join(workdir, name + ".npy")
        np.save(path, array)
        stored[name] = array.astype(np.float64)
        command += ["--input", f"{name}={path}"]
    if args.no_fusion:
        command.append("--no-fusion")
    if args.scan_strategy:
        command += ["--scan-strategy", args.scan_strategy]
    env = dict(os.environ)
    if args.threads:
        env["SLUICE_NUM_THREADS"] = str(args.threads)

    with np.errstate(all="ignore"):
        want = ref.reference(stored, dims)
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        print(f"check-numpy: sluice exited with {result.returncode}: {' '.join(command)}")
        return 1
    produced = sorted(f[:-4] for f in os.listdir(os.path.join(workdir, "out"))
                      if f.endswith(".npy"))
    if sorted(want) != produced:
        print(f"check-numpy: sluice wrote {produced}, the reference gives {sorted(want)}")
        return 1
    rtol = getattr(ref, "RTOL", 1e-4)
    failed = False
    for name in sorted(want):
        got = np.load(os.path.join(workdir, "out", name + ".npy"))
        tol = rtol.get(name, 1e-4) if isinstance(rtol, dict) else rtol
        message = compare(name, got, np.asarray(want[name], dtype=np.float64), tol)
        if message:
            print("check-numpy: " + message)
            failed = True
    if not args.keep:
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
