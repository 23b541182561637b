#!/usr/bin/env python3
"""The channel-group walk of bf16 h = a*h + b with two channels a
work-item, their bf16 values kept packed in one 32-bit register until
used: a hand-written replacement of the printed walk kernel, to measure
what packed pairs give before sluice prints them (benchmarks/NOTES.md
"Thirty-fourth session").

    python3 pairs_walk.py ARTIFACT OUT_DIR

ARTIFACT is `sluice compile benchmarks/gpu/models/linrec_bf16.sl --target
opencl`; OUT_DIR/linrec_bf16 gets a copy whose walk kernel
(`sl_scan_aggregate_1_walk`, same signature, so the runtime launches it as
the printed one) is the hand kernel, and whose manifest carries the edited
file's checksum. Time it with sweep.py (`--model linrec_bf16`, mode walk).

The hand kernel is valid only where the experiment runs it: D even, T a
multiple of the chunk, finite maps (the printed walk's fallback through
the steps of a non-finite map is left out), sizes under 2^31 elements;
sweep.py checks every result against float64. The runtime launches
ceil(items / span) work-groups of `span` channels; here a work-group takes
2 * span channels (span pairs), so the second half returns at once.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from variants import fnv1a64  # noqa: E402

NAME = "sl_scan_aggregate_1_walk"

BODY = r'''
  // Two neighbouring channels a work-item (a pair), each step's two bf16
  // values in one 32-bit word until used; the walk's parts as printed.
  __local float2 sluice_pair_maps[1024], sluice_pair_forcing[1024];
  __local float2 sluice_pair_carries[1024];
  int l = get_local_id(0);
  int size = get_local_size(0);
  int span = size / (int)parts;
  int part = l / span, lane = l - part * span;
  long group = firstGroup + (long)get_group_id(0);
  int pairCount = (int)(items / 2);
  if (group * span >= pairCount)
    return;
  int pair = min((int)group * span + lane, pairCount - 1);
  int channel = 2 * pair;
  int D = (int)d2, T = (int)d1, chunk = (int)d3;
  int batch = channel / D, within = channel - batch * D;
  int rowWords = D / 2;
  int first = (batch * T * D + within) / 2;
  __global const uint *aw = (__global const uint *)u0;
  __global const uint *bw = (__global const uint *)u1;
  __global uint *hw = (__global uint *)u4;
  float2 carry = (float2)(0.0f, 0.0f);
  for (int block = 0; block < (int)blocks; ++block) {
    int at = first + (block * chunk + part * PAIR_STEPS) * rowWords;
    uint wa[PAIR_STEPS], wb[PAIR_STEPS];
#pragma unroll
    for (int s = 0; s < PAIR_STEPS; ++s) {
      wa[s] = aw[at + s * rowWords];
      wb[s] = bw[at + s * rowWords];
    }
    float2 m = (float2)(1.0f, 1.0f), f = (float2)(0.0f, 0.0f);
#pragma unroll
    for (int s = 0; s < PAIR_STEPS; ++s) {
      float2 a = sl_unpack_pair(wa[s]);
      m = a * m;
      f = a * f + sl_unpack_pair(wb[s]);
    }
    sluice_pair_maps[l] = m;
    sluice_pair_forcing[l] = f;
    barrier(CLK_LOCAL_MEM_FENCE);
    if (part == 0) {
      float2 h = carry;
      sluice_pair_carries[lane] = h;
      for (int p = 1; p <= (int)parts; ++p) {
        int from = lane + (p - 1) * span;
        h = sluice_pair_maps[from] * h + sluice_pair_forcing[from];
        if (p < (int)parts)
          sluice_pair_carries[lane + p * span] = h;
      }
      carry = h;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    float2 h = sluice_pair_carries[l];
#pragma unroll
    for (int s = 0; s < PAIR_STEPS; ++s) {
      h = sl_unpack_pair(wa[s]) * h + sl_unpack_pair(wb[s]);
      hw[at + s * rowWords] = sl_pack_pair(h);
    }
  }
}
'''

HELPERS = r'''
#ifndef PAIR_STEPS
#define PAIR_STEPS 32
#endif
// A word's two bf16 values (the lower address in the low half) as floats.
inline float2 sl_unpack_pair(uint w) {
  return (float2)(as_float(w << 16), as_float(w & 0xffff0000u));
}
// Two floats rounded to bf16 (nearest even), packed as sl_unpack_pair reads.
inline uint sl_pack_pair(float2 v) {
#ifdef SLUICE_PTX_BF16
  uint w;
  asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(w) : "f"(v.y), "f"(v.x));
  return w;
#else
  uint lo = as_uint(v.x), hi = as_uint(v.y);
  lo = (lo + 0x7fffu + ((lo >> 16) & 1u)) >> 16;
  hi = (hi + 0x7fffu + ((hi >> 16) & 1u)) & 0xffff0000u;
  return hi | lo;
#endif
}
'''


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    artifact, out = sys.argv[1], sys.argv[2]
    target = os.path.join(out, "linrec_bf16")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(artifact, target)
    with open(os.path.join(artifact, "kernels.cl")) as f:
        text = f.read()
    head = text.find("__kernel void " + NAME + "(")
    if head < 0:
        sys.exit("pairs_walk.py: no walk kernel " + NAME + " in " + artifact)
    open_brace = text.find(") {\n", head) + 3
    end = text.find("\n}\n", open_brace) + 3
    text = text[:head] + HELPERS + text[head:open_brace] + BODY + text[end:]
    data = text.encode()
    with open(os.path.join(target, "kernels.cl"), "wb") as f:
        f.write(data)
    manifest = os.path.join(target, "manifest.json")
    with open(manifest) as f:
        m = f.read()
    with open(os.path.join(artifact, "kernels.cl"), "rb") as f:
        old = fnv1a64(f.read())
    if old not in m:
        sys.exit("pairs_walk.py: the manifest does not name the kernels' checksum")
    with open(manifest, "w") as f:
        f.write(m.replace(old, fnv1a64(data)))
    print("wrote", target)


if __name__ == "__main__":
    main()
