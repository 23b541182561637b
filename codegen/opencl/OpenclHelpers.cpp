//===- OpenclHelpers.cpp - Helper functions of the printed programs -------===//

#include "codegen/opencl/OpenclHelpers.h"

#include <utility>
#include <vector>

namespace sluice::codegen::opencl {

namespace {
/// Each helper's name and OpenCL C definition, in the order they print.
const std::vector<std::pair<std::string, std::string>> &helpers() {
  static const std::vector<std::pair<std::string, std::string>> table = {
      {kRoundF16,
       R"CL(/* x rounded to the nearest f16 (ties to even), as a float. */
float sl_round_f16(float x) {
  ushort bits;
  vstore_half_rte(x, 0, (__private half *)&bits);
  return vload_half(0, (__private const half *)&bits);
}
)CL"},
      {kRoundF16FromF64,
       R"CL(/* x rounded once to the nearest f16 (ties to even), as a float. */
float sl_round_f16_f64(double x) {
  ushort bits;
  vstore_half_rte(x, 0, (__private half *)&bits);
  return vload_half(0, (__private const half *)&bits);
}
)CL"},
      {kRoundBF16,
       R"CL(/* x rounded to the nearest bf16 (ties to even), as a float; NaN stays a
   quiet NaN. With SLUICE_PTX_BF16 (runtime/opencl/KernelAbi.h's
   kPtxBf16Macro: NVIDIA, compute capability 8.0 or more) one instruction
   does it (a NaN comes out as the canonical one). */
float sl_round_bf16(float x) {
#ifdef SLUICE_PTX_BF16
  ushort half_bits;
  asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(half_bits) : "f"(x));
  return as_float((uint)half_bits << 16);
#else
  uint bits = as_uint(x);
  if (isnan(x))
    return as_float((bits | 0x400000u) & 0xffff0000u);
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return as_float(bits & 0xffff0000u);
#endif
}
)CL"},
      {kPairWordBF16,
       R"CL(/* The word of bf16 elements a work-item of a channel pair reads for its
   element at `at` (a step) and at `next` (the step after), called only
   where its neighbour, work-item l ^ 1, runs the neighbouring channel and
   both channels' elements sit side by side at each step, the even one
   first (KernelMarks.h kTilePairLanesCallee): with SLUICE_PTX_SHUFFLE
   (runtime/opencl/KernelAbi.h) the even work-item loads its step's pair,
   the odd one the step after's, one 32-bit load each (sl_pair_swap then
   exchanges halves); else this channel's two elements, one 16-bit load
   each, the first in the low half. */
uint sl_pair_word_bf16(const __global ushort *restrict b, sl_index at,
                       sl_index next) {
#ifdef SLUICE_PTX_SHUFFLE
  return ((const __global uint *)b)[((get_local_id(0) & 1) ? next - 1 : at) >> 1];
#else
  return (uint)b[at] | ((uint)b[next] << 16);
#endif
}
)CL"},
      {kPairStoreBF16,
       R"CL(/* The store of a swapped word of bf16 results (sl_pair_swap): with
   SLUICE_PTX_SHUFFLE the even work-item stores the pair's elements at its
   step `at`, the odd one those at the step after, `next`, one 32-bit
   store each; else this channel's two, low half at `at`, high half at
   `next`. */
void sl_pair_store_bf16(__global ushort *restrict b, sl_index at,
                        sl_index next, uint word) {
#ifdef SLUICE_PTX_SHUFFLE
  ((__global uint *)b)[((get_local_id(0) & 1) ? next - 1 : at) >> 1] = word;
#else
  b[at] = (ushort)word;
  b[next] = (ushort)(word >> 16);
#endif
}
)CL"},
      {kPairSwap,
       R"CL(/* The word of sl_pair_word_bf16 exchanged with the neighbouring
   work-item (PTX shfl.sync between the two): after it the low half is
   this channel's element at the first step, the high half at the next. */
uint sl_pair_swap(uint word) {
#ifdef SLUICE_PTX_SHUFFLE
  uint l = (uint)get_local_id(0), other;
  asm volatile("shfl.sync.bfly.b32 %0, %1, 1, 0x1f, %2;"
               : "=r"(other) : "r"(word), "r"(3u << (l & 30u)));
  return (l & 1u) ? (other >> 16) | (word & 0xffff0000u)
                  : (word & 0xffffu) | (other << 16);
#else
  return word;
#endif
}
)CL"},
      {kPairWordF32,
       R"CL(/* sl_pair_word_bf16 for f32 elements: a float2 word (8-byte loads),
   first this channel's element at `at`, then at `next` after
   sl_pair_swap_f32. */
float2 sl_pair_word_f32(const __global float *restrict b, sl_index at,
                        sl_index next) {
#ifdef SLUICE_PTX_SHUFFLE
  return ((const __global float2 *)b)[((get_local_id(0) & 1) ? next - 1 : at) >> 1];
#else
  return (float2)(b[at], b[next]);
#endif
}
)CL"},
      {kPairSwapF32,
       R"CL(/* sl_pair_swap for a float2 word: the even work-item sends its second
   element and keeps its first, the odd one the other way round. */
float2 sl_pair_swap_f32(float2 word) {
#ifdef SLUICE_PTX_SHUFFLE
  uint l = (uint)get_local_id(0), other;
  uint sent = as_uint((l & 1u) ? word.x : word.y);
  asm volatile("shfl.sync.bfly.b32 %0, %1, 1, 0x1f, %2;"
               : "=r"(other) : "r"(sent), "r"(3u << (l & 30u)));
  return (l & 1u) ? (float2)(as_float(other), word.y)
                  : (float2)(word.x, as_float(other));
#else
  return word;
#endif
}
)CL"},
      {kPairStoreF32,
       R"CL(/* sl_pair_store_bf16 for a float2 word of f32 results. */
void sl_pair_store_f32(__global float *restrict b, sl_index at,
                       sl_index next, float2 word) {
#ifdef SLUICE_PTX_SHUFFLE
  ((__global float2 *)b)[((get_local_id(0) & 1) ? next - 1 : at) >> 1] = word;
#else
  b[at] = word.x;
  b[next] = word.y;
#endif
}
)CL"},
      {kMaximumF32,
       R"CL(/* arith.maximumf: NaN when either is NaN; +0 above -0. */
float sl_maximum_f32(float a, float b) {
  if (isnan(a))
    return a;
  if (isnan(b))
    return b;
  if (a == b)
    return signbit(a) ? b : a;
  return a > b ? a : b;
}
)CL"},
      {kMinimumF32,
       R"CL(/* arith.minimumf: NaN when either is NaN; -0 below +0. */
float sl_minimum_f32(float a, float b) {
  if (isnan(a))
    return a;
  if (isnan(b))
    return b;
  if (a == b)
    return signbit(a) ? a : b;
  return a < b ? a : b;
}
)CL"},
      {kMaximumF64, R"CL(/* arith.maximumf on f64. */
double sl_maximum_f64(double a, double b) {
  if (isnan(a))
    return a;
  if (isnan(b))
    return b;
  if (a == b)
    return signbit(a) ? b : a;
  return a > b ? a : b;
}
)CL"},
      {kMinimumF64, R"CL(/* arith.minimumf on f64. */
double sl_minimum_f64(double a, double b) {
  if (isnan(a))
    return a;
  if (isnan(b))
    return b;
  if (a == b)
    return signbit(a) ? a : b;
  return a < b ? a : b;
}
)CL"},
  };
  return table;
}
} // namespace

std::string helperDefinitions(const std::set<std::string> &names) {
  std::string out;
  for (const auto &[name, definition] : helpers())
    if (names.count(name)) {
      out += definition;
      out += "\n";
    }
  return out;
}

} // namespace sluice::codegen::opencl
