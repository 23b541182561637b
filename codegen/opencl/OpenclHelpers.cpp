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
      {kLaneExchange,
       R"CL(/* The exchange of the row one pass's trees within a warp of 32 parts:
   SLUICE_LANE_UP(value, distance, place) is the value of the part
   `distance` lanes before. With SLUICE_PTX_SHUFFLE (runtime/opencl/
   KernelAbi.h's kPtxShuffleMacro: NVIDIA, compute capability 7.0 or more)
   it is one shuffle (`place` not evaluated) and the put and the sync are
   nothing; elsewhere each work-item puts its value into local memory
   (`place`), a barrier, the read of the place before, a barrier. */
#ifdef SLUICE_PTX_SHUFFLE
float sl_shuffle_up(float value, uint distance, uint mask) {
  float before;
  asm volatile("shfl.sync.up.b32 %0, %1, %2, 0, %3;"
               : "=f"(before)
               : "f"(value), "r"(distance), "r"(mask));
  return before;
}
#define SLUICE_LANE_PUT(place, value) ((void)0)
#define SLUICE_LANE_SYNC() ((void)0)
#define SLUICE_LANE_UP(value, distance, place) \
  sl_shuffle_up((value), (uint)(distance), sl_lane_mask)
#else
#define SLUICE_LANE_PUT(place, value) ((place) = (value))
#define SLUICE_LANE_SYNC() barrier(CLK_LOCAL_MEM_FENCE)
#define SLUICE_LANE_UP(value, distance, place) (place)
#endif
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
