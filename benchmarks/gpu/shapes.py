"""Several shapes of baselines.py's cases, against several artifact sets, in
one call of the device tool (each baselines.py start costs 20-40 s).

    SLUICE_BENCH_SCRIPT=shapes.py SHAPES="selective=8x2048x1024x16,linrec=64x256x1024" \
      SHAPES_ARTIFACTS=DIR1:DIR2 bash benchmarks/gpu/bench.sh

SHAPES lists CASE=BxTx... pairs (CASE: a `case_*` function of baselines.py
taking (ctx, row, shape, reps): selective, gla, retnet, mamba2, hawk,
linoss; or linrec, h = a*h + b in f32, linrec_bf16 in bf16, or cumsum);
SHAPES_ARTIFACTS is a
colon-separated list of artifact folders (default: bench.sh's), each run on
every shape, one table per (shape, folder). With SLUICE_BENCH_ONLY_SLUICE=1
only sluice's rows run (and, for the summed models, with
SLUICE_BENCH_LOOKBACK_ROW=1 the look-back's too): the way to compare
kernel variants across shapes (benchmarks/NOTES.md, fourteenth session).
"""
import argparse
import os
import sys
import time
import traceback

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baselines as bl  # noqa: E402


def run_case(ctx, table, case, shape, reps):
    if case == "linrec":
        bl.case_linrec(ctx, table, "h=a*h+b", shape, torch.float32, reps, False)
    elif case == "linrec_bf16":
        bl.case_linrec(ctx, table, "h=a*h+b bf16", shape, torch.bfloat16, reps, False)
    elif case == "cumsum":
        bl.case_cumsum(ctx, table, "cumsum", shape, reps, False)
    else:
        getattr(bl, "case_" + case)(ctx, table, shape, reps)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sluice-run", default="")
    p.add_argument("--artifacts", default="")
    p.add_argument("--work", default="/tmp/sluice-bench")
    p.add_argument("--reps", type=int, default=15)
    args = p.parse_args()
    timer = bl.Timer(args.reps)
    ctx = bl.Contenders(timer, args)
    folders = os.environ.get("SHAPES_ARTIFACTS", args.artifacts).split(":")
    for job in os.environ.get("SHAPES", "selective=8x2048x1024x16").split(","):
        case, text = job.split("=")
        shape = tuple(int(d) for d in text.split("x"))
        for folder in folders:
            table = bl.Table(ctx, bl.Sluice(args.sluice_run, folder, args.work, args.reps))
            print(f"== {case} {shape} artifacts {folder}", flush=True)
            t0 = time.time()
            try:
                run_case(ctx, table, case, shape, args.reps)
            except Exception as e:
                print(f"   case failed: {e}", flush=True)
                traceback.print_exc()
            table.print(1.0)
            print(f"   ({time.time() - t0:.1f} s)", flush=True)
            torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
