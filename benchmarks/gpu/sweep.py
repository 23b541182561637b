#!/usr/bin/env python3
"""Sweeps the look-back's run-time knobs on one artifact, on the GPU.

    python3 sweep.py --sluice-run BIN --artifacts DIR [--model linrec]
        [--shapes 8x8192x1024,8x2048x1024] [--configs MODE/UNROLL/CHUNK,...]

Each config is MODE[/UNROLL[/CHUNK[/LOCAL[/PER_UNIT[/TILE[/SUB[/DEFINES[/OPTIONS]]]]]]]]
(pass it as --configs=... when it starts with '-'): MODE is three-pass,
onepass, onepass-tile, onepass-words, walk, walk-pairs (the SLUICE_OPENCL_LOOKBACK modes), channels
(SLUICE_BENCH_PARALLELISM=1: the channel-parallel scan) or '-' (the
default rule's choice); UNROLL is passed as -DSLUICE_STEP_UNROLL=N through
SLUICE_OPENCL_BUILD_OPTIONS; CHUNK is SLUICE_OPENCL_LOOKBACK_CHUNK; LOCAL
and PER_UNIT are the one pass's SLUICE_OPENCL_ONEPASS_LOCAL (work-group
size) and SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT (work-groups per compute
unit looping over the tiles, 0: one per tile); TILE 1 runs the one
pass's register tile at chunk 32 (SLUICE_OPENCL_ONEPASS_TILE=1); SUB is
SLUICE_OPENCL_ONEPASS_SUBBLOCKS (consecutive blocks per tile); DEFINES
are program macros joined by '+', each passed as -DSLUICE_NAME (e.g.
LOOKBACK_SPIN_LIMIT=1000); OPTIONS are build options joined by '+',
passed as they are (e.g. -cl-nv-maxrregcount=64); '-' leaves a knob at
its default. Every run is checked against the float64
reference and timed as baselines.py times sluice (sluice-run --bench, device
time after a 256 MiB flush); each row prints ms, % of the device copy of the
same unique bytes (measured in the same run) and the relative error.
Models: linrec (h = a*h + b, f32), linrec_bf16, cumsum (f32). A shape with
one dim, e.g. 268435456, is one channel of that many steps.
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from baselines import (DEV, Sluice, Timer, copy_ms, draw_linrec,  # noqa: E402
                       linrec_ref, rel_err)


def parse_shape(text):
    dims = [int(d) for d in text.split("x")]
    return (1, dims[0], 1) if len(dims) == 1 else tuple(dims)


def config_env(config):
    fields = config.split("/") + ["-"] * 9
    mode, unroll, chunk, local, per_unit, tile, sub, defines, raw = fields[:9]
    env = {}
    options = []
    if sub != "-":
        env["SLUICE_OPENCL_ONEPASS_SUBBLOCKS"] = sub
    if tile != "-":
        env["SLUICE_OPENCL_ONEPASS_TILE"] = tile
    if local != "-":
        env["SLUICE_OPENCL_ONEPASS_LOCAL"] = local
    if per_unit != "-":
        env["SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT"] = per_unit
    parallelism = None
    if mode == "channels":
        parallelism = 1
    elif mode != "-":
        env["SLUICE_OPENCL_LOOKBACK"] = mode
    if unroll != "-":
        options.append(f"-DSLUICE_STEP_UNROLL={unroll}")
    if defines != "-":
        options += [f"-DSLUICE_{name}" for name in defines.split("+")]
    if raw != "-":
        options += raw.split("+")
    if options:
        env["SLUICE_OPENCL_BUILD_OPTIONS"] = " ".join(options)
    if chunk != "-":
        env["SLUICE_OPENCL_LOOKBACK_CHUNK"] = chunk
    return env, parallelism


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sluice-run", required=True)
    p.add_argument("--artifacts", required=True)
    p.add_argument("--model", default="linrec")
    p.add_argument("--shapes", default="8x8192x1024,16x4096x512,8x2048x1024")
    p.add_argument("--configs", default="three-pass/0/-,three-pass/8/-,"
                   "onepass/8/16,onepass/8/32,onepass/16/32")
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--work", default="/tmp/sluice-sweep")
    args = p.parse_args()
    timer = Timer(args.reps)
    sluice = Sluice(args.sluice_run, args.artifacts, args.work, args.reps)
    knobs = ("SLUICE_OPENCL_LOOKBACK", "SLUICE_OPENCL_BUILD_OPTIONS",
             "SLUICE_OPENCL_LOOKBACK_CHUNK", "SLUICE_OPENCL_ONEPASS_LOCAL",
             "SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT", "SLUICE_OPENCL_ONEPASS_TILE",
             "SLUICE_OPENCL_ONEPASS_SUBBLOCKS")
    dtype = torch.bfloat16 if args.model.endswith("bf16") else torch.float32
    for text in args.shapes.split(","):
        shape = parse_shape(text)
        gen = torch.Generator(device=DEV).manual_seed(1)
        if args.model == "cumsum":
            x = torch.randn(shape, generator=gen, device=DEV)
            named, ref = {"x": x}, torch.cumsum(x.double(), 1)
            output = "y"
            unique = 2 * x.numel() * 4
        else:
            a, b = draw_linrec(shape, dtype, gen)
            named, ref = {"a": a, "b": b}, linrec_ref(a, b)
            output = "h"
            unique = 3 * a.numel() * a.element_size()
        copy = copy_ms(timer, unique)
        print(f"{args.model} {shape}: copy {copy:.4f} ms", flush=True)
        for config in args.configs.split(","):
            env, parallelism = config_env(config)
            for k in knobs:
                os.environ.pop(k, None)
            os.environ.update(env)
            try:
                ms, _, outs = sluice.run(args.model, named, [output],
                                         args.reps, parallelism)
                err = rel_err(outs[0], ref)
                print(f"  {config:<28} {ms:8.4f} ms  {100 * copy / ms:5.1f}% of copy"
                      f"  err {err:.1e}", flush=True)
            except Exception as e:  # one config's failure is a row, not the end
                print(f"  {config:<28} failed: {str(e)[-300:]}", flush=True)
        for k in knobs:
            os.environ.pop(k, None)


if __name__ == "__main__":
    main()
