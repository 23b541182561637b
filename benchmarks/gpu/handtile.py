#!/usr/bin/env python3
"""A hand-written one-pass kernel for h = a*h + b, timed in place of the printed one.

    python3 handtile.py ARTIFACT OUT_DIR [--variants tile,acqrel,reread,nofence,body]
        [--steps 16]   (variants also: tileid, words, wordsid, words1, words4)

ARTIFACT is the linrec artifact (`sluice compile benchmarks/gpu/models/linrec.sl
--target opencl -o DIR/linrec`). Writes OUT_DIR/NAME/linrec, a copy whose
`sl_scan_aggregate_1_onepass` is replaced by the kernel below (same ABI,
runtime/opencl/KernelAbi.h, so sluice-run launches it unchanged) and whose
manifest carries the edited file's checksum. The kernel is what the
cooperative register tile (codegen/cpu/ScanTile.cpp) means to be, written
by hand: a tile of subBlocks parts of STEPS steps (run-time chunk = STEPS,
SLUICE_OPENCL_ONEPASS_SUBBLOCKS = parts) x L / parts channels, each
work-item one part of one channel held in registers, addresses one base
pointer plus k * D in 32 bits, a full part without per-step clamps; the
parts' aggregates and carries composed in local memory, the look-back as
the printed kernel's. It is an experiment, not a strategy: it handles only
this model (f32, one state) and T a multiple of STEPS for `reread`.

  tile     as described
  acqrel   SLUICE_DEVICE_FENCE as PTX fence.acq_rel.gpu instead of membar.gl
           (NVIDIA only: the text does not build on other devices)
  reread   the apply reads a and b again instead of keeping them in
           registers (fewer registers, twice the reads, from L2 if small)
  nofence  no device fences (wrong at times: only timed)
  body     no ticket (tile = work-group id), no look-back wait, no fences:
           the body alone, its ceiling (wrong results: only timed)
  tileid   `tile` with each work-group running the tile of its group id
           (CUB's order) instead of taking one from the atomic ticket
  words    per-channel flag words instead of per-tile flags: each part
           publishes its aggregate and then its carry-out as 64-bit words
           (epoch tag << 32 | value bits) and each work-item looks back on
           its own channel, WW = 8 predecessors' words read at once; no
           barrier, no local memory, no fence (tiles from the ticket).
           Its words live in the plan's aggregate and carry buffers, so
           run it at the run-time chunk STEPS / 2 (their size then holds
           three words a part); needs a runtime that passes a new epoch
           each launch (the executor passes 1: stale words of the
           previous call would look published)
           (the printed flag-word kernel, AGG_onepass_words, is this
           design with its own word buffers and epochs: NOTES "Twelfth
           session")
  wordsid  `words` with tiles in group-id order
  words1   `wordsid` reading one predecessor at a time (WW = 1)
  words4   `wordsid` with WW = 4

Time them with sweep.py through bench.sh (SLUICE_ARTIFACTS=OUT_DIR/NAME,
configs onepass/-/STEPS/L/-/-/PARTS); benchmarks/NOTES.md "Tenth session"
has the figures.
"""
import argparse
import os
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from variants import fnv1a64  # noqa: E402

# The one-pass kernel's parameters (runtime/opencl/KernelAbi.h) for this
# model's buffers and dims.
SIGNATURE = r'''
__kernel void sl_scan_aggregate_1_onepass(__global const float *restrict u0,
                                          __global const float *restrict u1,
                                          __global float *u2v,
                                          __global float *u3v,
                                          __global float *restrict u4,
                                          long d0, long d1, long d2, long d3, long d4,
                                          long blocks, long items, long subBlocks,
                                          __global volatile int *flags,
                                          __global volatile int *ticket, int epoch,
                                          __global volatile int *status) {
'''[1:-1]

KERNEL = r'''
@SIGNATURE@
  __local int tileOfGroup;
  __local int windowFlags[32];
  __local float partA[1024], partB[1024], partC[1024];
  __global volatile float *agg = u2v;
  __global volatile float *car = u3v;
  int l = get_local_id(0);
  int size = get_local_size(0);
  int window = min(size, 32);
  int P = (int)subBlocks;
  int span = size / P;
  int part = l / span, lane = l - part * span;
  int nItems = (int)items, nBlocks = (int)blocks;
  int groups = (nItems + span - 1) / span;
  int tiles = (nBlocks + P - 1) / P * groups;
  int aggregateReady = 2 * epoch, carryReady = 2 * epoch + 1;
  int D = (int)d2;
  long T = d1;
  for (;;) {
    if (l == 0)
      tileOfGroup = atomic_inc(ticket);
    barrier(CLK_LOCAL_MEM_FENCE);
    int tile = tileOfGroup;
    if (tile >= tiles)
      break;
    int blockGroup = tile / groups;
    int group = tile - blockGroup * groups;
    int block = blockGroup * P + part;
    int lastBlock = min(blockGroup * P + P, nBlocks) - 1;
    int chan = group * span + lane;
    int active = chan < nItems && block < nBlocks;
    int c = min(chan, nItems - 1);
    @PART@
    if (active) {
      long s = ((long)block * nItems + c) * 2;
      agg[s] = A;
      agg[s + 1] = B;
    }
    partA[l] = A;
    partB[l] = B;
    SLUICE_DEVICE_FENCE();
    barrier(CLK_GLOBAL_MEM_FENCE | CLK_LOCAL_MEM_FENCE);
    if (l == 0)
      atomic_xchg(&flags[tile], aggregateReady);
    int from = blockGroup - 1, polls = 0;
    while (from >= 0) {
      if (l < window) {
        int back = from - l;
        windowFlags[l] = back >= 0 ? flags[back * groups + group] : carryReady;
      }
      barrier(CLK_LOCAL_MEM_FENCE);
      int passed = 0, found = 0;
      for (; passed < window; ++passed) {
        int flag = windowFlags[passed];
        if (flag == carryReady)
          found = 1;
        if (flag != aggregateReady)
          break;
      }
      barrier(CLK_LOCAL_MEM_FENCE);
      from -= passed;
      if (found)
        break;
      if (passed == 0 && ++polls >= SLUICE_LOOKBACK_SPIN_LIMIT) {
        if (l == 0)
          *status = 1;
        break;
      }
    }
    SLUICE_DEVICE_FENCE();
    barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
    if (part == 0) {
      int fromBlock = (from + 1) * P - 1;
      float h = 0.0f;
      if (fromBlock >= 0)
        h = car[(long)fromBlock * nItems + c];
      for (int k = max(fromBlock, 0); k < blockGroup * P; ++k) {
        long s = ((long)k * nItems + c) * 2;
        h = agg[s] * h + agg[s + 1];
      }
      for (int p = 0; p < P; ++p) {
        int at = p * span + lane;
        partC[at] = h;
        h = partA[at] * h + partB[at];
      }
      if (chan < nItems)
        car[(long)lastBlock * nItems + c] =
            partC[(lastBlock - blockGroup * P) * span + lane];
    }
    SLUICE_DEVICE_FENCE();
    barrier(CLK_GLOBAL_MEM_FENCE | CLK_LOCAL_MEM_FENCE);
    if (l == 0)
      atomic_xchg(&flags[tile], carryReady);
    float h = partC[l];
    if (n == HE) {
#pragma unroll
      for (int k = 0; k < HE; ++k) {
        h = a[k] * h + b[k];
        if (active)
          po[k * D] = h;
      }
    } else {
#pragma unroll
      for (int k = 0; k < HE; ++k) {
        h = a[k] * h + b[k];
        if (active && k < n)
          po[k * D] = h;
      }
    }
  }
}
'''

WORDS = r'''
// Each part publishes its aggregate (A, B) and, once it has its carry-in,
// its carry-out as 64-bit words (tag << 32 | value bits); each work-item
// looks back on its own channel, WW predecessors at a time: no barrier,
// no local memory, no fence. The buffers are read as: u2v (the plan's
// aggregates, 2 floats a run-time block) as 2 ulongs a part, u3v (the
// carries, 1 float a run-time block) as 1 ulong a part: run it with the
// run-time chunk HE / 2. Tags come from the epoch (a new one each launch).
@SIGNATURE@
  __global volatile ulong *aw = (__global volatile ulong *)u2v;
  __global volatile ulong *cw = (__global volatile ulong *)u3v;
  int l = get_local_id(0);
  int size = get_local_size(0);
  int P = (int)subBlocks;
  int span = size / P;
  int part = l / span, lane = l - part * span;
  int nItems = (int)items;
  int D = (int)d2;
  long T = d1;
  int nBlocks = (int)((T + HE - 1) / HE);
  int groups = (nItems + span - 1) / span;
  int tiles = (nBlocks + P - 1) / P * groups;
  uint aggTag = 2u * (uint)epoch, carTag = 2u * (uint)epoch + 1u;
#ifdef WORDS_TICKET
  __local int tileOfGroup;
  if (l == 0)
    tileOfGroup = atomic_inc(ticket);
  barrier(CLK_LOCAL_MEM_FENCE);
  int tile = tileOfGroup;
#else
  int tile = (int)get_group_id(0);
#endif
  if (tile >= tiles)
    return;
  int blockGroup = tile / groups;
  int group = tile - blockGroup * groups;
  int block = blockGroup * P + part;
  int chan = group * span + lane;
  if (chan >= nItems || block >= nBlocks)
    return;
  int c = chan;
  @PART@
  long self = (long)block * nItems + c;
  float h = 0.0f;
  if (block > 0) {
    aw[2 * self] = ((ulong)aggTag << 32) | as_uint(A);
    aw[2 * self + 1] = ((ulong)aggTag << 32) | as_uint(B);
    float accA = 1.0f, accB = 0.0f;
    int q = block - 1;
    long polls = 0;
    for (;;) {
      ulong cws[WW], aws[WW], bws[WW];
#pragma unroll
      for (int i = 0; i < WW; ++i) {
        int r = max(q - i, 0);
        long s = (long)r * nItems + c;
        cws[i] = cw[s];
        aws[i] = aw[2 * s];
        bws[i] = aw[2 * s + 1];
      }
      int done = 0, moved = 0;
#pragma unroll
      for (int i = 0; i < WW; ++i) {
        if (!done) {
          if ((uint)(cws[i] >> 32) == carTag) {
            h = accA * as_float((uint)cws[i]) + accB;
            done = 1;
          } else if ((uint)(aws[i] >> 32) == aggTag &&
                     (uint)(bws[i] >> 32) == aggTag) {
            accB = accA * as_float((uint)bws[i]) + accB;
            accA = accA * as_float((uint)aws[i]);
            ++moved;
            if (q - moved < 0) {
              h = accB;
              done = 1;
            }
          } else {
            done = 2;
          }
        }
      }
      if (done == 1)
        break;
      q -= moved;
      if (moved == 0 && ++polls >= SLUICE_LOOKBACK_SPIN_LIMIT) {
        *status = 1;
        break;
      }
    }
  }
  cw[self] = ((ulong)carTag << 32) | as_uint(A * h + B);
  if (n == HE) {
#pragma unroll
    for (int k = 0; k < HE; ++k) {
      h = a[k] * h + b[k];
      po[k * D] = h;
    }
  } else {
#pragma unroll
    for (int k = 0; k < HE; ++k) {
      h = a[k] * h + b[k];
      if (k < n)
        po[k * D] = h;
    }
  }
}
'''

# Channel c's part from step t0 = block * STEPS: its addresses, its steps
# of a and b loaded into registers (1 and 0 past T) and its aggregate
# (A, B): the same text in both kernels.
PART = r'''
  int bi = c / D, d = c - bi * D;
  long t0 = (long)block * HE;
  long base = ((long)bi * T + t0) * D + d;
  __global const float *pa = u0 + base;
  __global const float *pb = u1 + base;
  __global float *po = u4 + base;
  long left = T - t0;
  int n = left >= HE ? HE : (left > 0 ? (int)left : 0);
  float a[HE], b[HE];
  if (n == HE) {
#pragma unroll
    for (int k = 0; k < HE; ++k) {
      a[k] = pa[k * D];
      b[k] = pb[k * D];
    }
  } else {
#pragma unroll
    for (int k = 0; k < HE; ++k) {
      a[k] = k < n ? pa[k * D] : 1.0f;
      b[k] = k < n ? pb[k * D] : 0.0f;
    }
  }
  float A = a[0], B = b[0];
#pragma unroll
  for (int k = 1; k < HE; ++k) {
    A = a[k] * A;
    B = a[k] * B + b[k];
  }
'''[1:]


def with_part(kernel, indent):
    """The kernel with its @PART@ line (at `indent`) replaced by PART (written
    at two spaces) at that indentation."""
    more = indent[2:]
    lines = [(more + line if line and not line.startswith("#") else line)
             for line in PART.split("\n")]
    return kernel.replace(indent + "@PART@\n", "\n".join(lines))


KERNEL = with_part(KERNEL, "    ").replace("@SIGNATURE@", SIGNATURE)
WORDS = with_part(WORDS, "  ").replace("@SIGNATURE@", SIGNATURE)

ACQ_REL = ('#define SLUICE_DEVICE_FENCE() do { mem_fence(CLK_GLOBAL_MEM_FENCE); '
           'asm volatile("fence.acq_rel.gpu;" ::: "memory"); } while (0)\n')
NO_FENCE = "#define SLUICE_DEVICE_FENCE() do {} while (0)\n"


def reread(kernel):
    """The kernel with the apply reading a and b again (full parts only)."""
    keep = "        a[k] = pa[k * D];\n        b[k] = pb[k * D];\n      }\n    } else {"
    apply = "        h = a[k] * h + b[k];\n        if (active)\n          po[k * D] = h;"
    if keep not in kernel or apply not in kernel:
        sys.exit("handtile.py: the kernel text changed; update reread()")
    kernel = kernel.replace(keep, keep.replace("} else {", "} else if (0) {"))
    return kernel.replace(apply, apply.replace("a[k] * h + b[k]", "pa[k * D] * h + pb[k * D]"))


def by_group_id(kernel):
    """The kernel with each work-group running the tile of its id once
    (CUB's order: tiles start in group-id order) instead of a ticket."""
    ticket = "    if (l == 0)\n      tileOfGroup = atomic_inc(ticket);"
    own = ("    if (l == 0) {\n      tileOfGroup = done ? tiles : (int)get_group_id(0);\n"
           "      done = 1;\n    }")
    if ticket not in kernel or "  for (;;) {" not in kernel:
        sys.exit("handtile.py: the kernel text changed; update by_group_id()")
    kernel = kernel.replace(ticket, own)
    return kernel.replace("  for (;;) {", "  int done = 0;\n  for (;;) {", 1)


def body_only(kernel):
    """The kernel without its protocol: each work-group runs the tile of its
    id once (by_group_id), never waits for the one before and fences
    nothing (with NO_FENCE)."""
    wait = "    while (from >= 0) {"
    if wait not in kernel:
        sys.exit("handtile.py: the kernel text changed; update body_only()")
    return by_group_id(kernel).replace(wait, "    while (0) {")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("artifact")
    p.add_argument("out")
    p.add_argument("--variants", default="tile,acqrel,reread,nofence,body")
    p.add_argument("--steps", type=int, default=16)
    args = p.parse_args()
    model = os.path.basename(os.path.normpath(args.artifact))
    source = open(os.path.join(args.artifact, "kernels.cl")).read()
    manifest = open(os.path.join(args.artifact, "manifest.json")).read()
    if fnv1a64(source.encode()) not in manifest:
        sys.exit("handtile.py: the manifest's checksum is not kernels.cl's")
    start = source.find("__kernel void sl_scan_aggregate_1_onepass(")
    end = source.find("#ifdef SLUICE_ONEPASS_TILE", start)
    if start < 0 or end < 0:
        sys.exit("handtile.py: no printed one-pass kernel to replace")
    variants = {"tile": ("", KERNEL), "acqrel": (ACQ_REL, KERNEL),
                "reread": ("", reread(KERNEL)), "nofence": (NO_FENCE, KERNEL),
                "body": (NO_FENCE, body_only(KERNEL)),
                "tileid": ("", by_group_id(KERNEL)),
                "words": ("#define WW 8\n#define WORDS_TICKET\n", WORDS),
                "wordsid": ("#define WW 8\n", WORDS),
                "words1": ("#define WW 1\n", WORDS),
                "words4": ("#define WW 4\n", WORDS)}
    for name in args.variants.split(","):
        if name not in variants:
            sys.exit(f"handtile.py: unknown variant '{name}'")
        top, kernel = variants[name]
        text = (top + source[:start] + f"#define HE {args.steps}\n" + kernel +
                "\n" + source[end:])
        folder = os.path.join(args.out, name, model)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        open(os.path.join(folder, "kernels.cl"), "w").write(text)
        open(os.path.join(folder, "manifest.json"), "w").write(
            manifest.replace(fnv1a64(source.encode()), fnv1a64(text.encode())))
        print(f"{folder}: {name}")


if __name__ == "__main__":
    main()
