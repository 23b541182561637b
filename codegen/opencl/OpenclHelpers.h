//===- OpenclHelpers.h - Helper functions of the printed programs -*- C++
//-*-===//
//
// Small OpenCL C functions a printed program defines before its kernels
// when a kernel calls them: f16 / bf16 rounding of a float, arith's
// NaN-propagating maximumf / minimumf, and the row one pass's lane
// exchange. Internal to codegen/opencl.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_OPENCL_OPENCLHELPERS_H
#define SLUICE_CODEGEN_OPENCL_OPENCLHELPERS_H

#include <set>
#include <string>

namespace sluice::codegen::opencl {

/// Rounds a float to the nearest f16 (ties to even), as a float.
constexpr const char *kRoundF16 = "sl_round_f16";
/// Rounds a double to the nearest f16 (ties to even, one rounding), as a
/// float.
constexpr const char *kRoundF16FromF64 = "sl_round_f16_f64";
/// Rounds a float to the nearest bf16 (ties to even; NaN stays a quiet NaN),
/// as a float.
constexpr const char *kRoundBF16 = "sl_round_bf16";
/// arith.maximumf / minimumf: NaN if either operand is NaN, -0 < +0.
constexpr const char *kMaximumF32 = "sl_maximum_f32";
constexpr const char *kMinimumF32 = "sl_minimum_f32";
constexpr const char *kMaximumF64 = "sl_maximum_f64";
constexpr const char *kMinimumF64 = "sl_minimum_f64";
/// The row one pass's lane exchange (KernelMarks.h kTileLaneUpCallee):
/// the macros SLUICE_LANE_PUT, SLUICE_LANE_SYNC and SLUICE_LANE_UP, a PTX
/// warp shuffle under SLUICE_PTX_SHUFFLE (`sl_shuffle_up`, the mask of the
/// work-item's warp in the kernel's `sl_lane_mask`), local memory and
/// barriers elsewhere.
constexpr const char *kLaneExchange = "sl_shuffle_up";

/// The definitions of the helpers named in `names` (in a fixed order).
std::string helperDefinitions(const std::set<std::string> &names);

} // namespace sluice::codegen::opencl

#endif // SLUICE_CODEGEN_OPENCL_OPENCLHELPERS_H
