//===- GroupKernelPrinter.cpp - A scan and its sum in work-groups ---------===//
//
// The template around a group kernel's walk of one channel (KernelAbi.h):
//
//   work-item  lane = local id / perGroup, slot = local id % perGroup,
//              group = min(first group of the work-group + slot, groups - 1)
//   each step  terms[j][local id] = term (j: the step in the block); lane 0
//              notes its group's sum offset at the block's first step and
//              the offset's stride at its second (the offset is affine in
//              the step);
//   each block (kGroupKernelStepsAttr steps, the last one cut at T): barrier;
//              the work-items share the block's (step, group) sums, each
//              summing its group's lanes in lane order (the reduction
//              kernel's order: the same bits) and storing the sum; barrier.
//
// A work-item past the last group computes the last group's channel (its
// loads stay in bounds) and its terms are never summed, so every work-item
// reaches every barrier. The terms' rows are SLUICE_GROUP_ITEMS + 1 apart,
// so the summing work-items of two steps fall in different banks.
//
//===----------------------------------------------------------------------===//

#include "codegen/opencl/GroupKernelPrinter.h"

#include "codegen/KernelMarks.h"
#include "runtime/opencl/KernelAbi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <stdexcept>

namespace sluice::codegen::opencl {

std::string groupKernelPrelude() {
  return "// A group kernel's work-group holds at most SLUICE_GROUP_ITEMS "
         "work-items (the\n// executor's limit; KernelAbi.h).\n"
         "#define SLUICE_GROUP_ITEMS " +
         std::to_string(runtime::opencl::kGroupKernelItems) + "\n\n";
}

bool isGroupKernel(mlir::func::FuncOp func) {
  return func->hasAttr(kGroupKernelAttr);
}

void printGroupKernel(mlir::func::FuncOp func, const KernelParams &params,
                      ProgramNeeds &needs, std::string &out) {
  std::string name = func.getSymName().str();
  auto slotAttr = func->getAttrOfType<mlir::IntegerAttr>(kGroupKernelAttr);
  int64_t slot = slotAttr ? slotAttr.getInt() : -1;
  if (slot < 0 || slot >= static_cast<int64_t>(params.buffers.size()) ||
      (params.buffers[slot] != runtime::DType::F32 &&
       params.buffers[slot] != runtime::DType::F64))
    throw std::runtime_error(locationPrefix(func.getLoc()) +
                             "the OpenCL target cannot print group kernel '" +
                             name + "': its sums go to no f32 or f64 buffer");
  bool f64 = params.buffers[slot] == runtime::DType::F64;
  needs.usesDouble = needs.usesDouble || f64;
  std::string type = f64 ? "double" : "float";
  std::string output = "b" + std::to_string(slot);
  bool mean = func->hasAttr(kGroupKernelMeanAttr);

  out += kernelHeading(func, ": a scan and its sum in work-groups (KernelAbi.h)");
  if (!params.legend.empty())
    out += "// " + params.legend + "\n";
  std::string head = "__kernel void " + name + "(";
  std::string indent(head.size(), ' ');
  std::string signature = head;
  std::set<int> written = storedBufferSlots(func);
  written.insert(static_cast<int>(slot));
  for (size_t s = 0; s < params.buffers.size(); ++s) {
    runtime::DType dtype = params.buffers[s];
    needs.usesDouble = needs.usesDouble || dtype == runtime::DType::F64;
    signature += std::string("__global ") +
                 (written.count(static_cast<int>(s)) ? "" : "const ") +
                 runtime::opencl::openclElementType(dtype) + " *restrict b" +
                 std::to_string(s) + ",\n" + indent;
  }
  for (int j = 0; j < params.dims; ++j)
    signature += (j ? " long d" : "long d") + std::to_string(j) + ",";
  if (params.dims > 0)
    signature += "\n" + indent;
  out += signature + "long groups, long lanes, long perGroup) {\n";

  auto stepsAttr = func->getAttrOfType<mlir::IntegerAttr>(kGroupKernelStepsAttr);
  int64_t steps = stepsAttr ? stepsAttr.getInt() : 0;
  if (steps < 1)
    throw std::runtime_error(locationPrefix(func.getLoc()) +
                             "the OpenCL target cannot print group kernel '" +
                             name + "': it says no steps a block");
  const std::string row = "(SLUICE_GROUP_ITEMS + 1)";
  out += indentLines("__local " + type + " sl_terms[" + std::to_string(steps) + " * " +
            row + "];\n"
            "__local long sl_base[SLUICE_GROUP_ITEMS];\n"
            "__local long sl_stride[SLUICE_GROUP_ITEMS];\n"
            "const long sl_items = lanes * perGroup;\n"
            "const long sl_local = get_local_id(0);\n"
            "const long sl_lane = sl_local / perGroup;\n"
            "const long sl_slot = sl_local - sl_lane * perGroup;\n"
            "const long sl_first = (long)get_group_id(0) * perGroup;\n"
            "const long group = min(sl_first + sl_slot, groups - 1);",
        2);
  KernelParams body = params;
  body.wideIndex = true; // 64 bits: measured faster here (KernelParams)
  body.item = "group";
  body.tileCalls[kTileGroupLaneCallee] = "sl_lane";
  // $0: the term, $1: its sum's offset, $2: the step in the block.
  body.tileCalls[kTileGroupAddCallee] =
      "sl_terms[$2 * " + row + " + sl_local] = $0;\n"
      "if (sl_lane == 0 && $2 == 0)\n"
      "  sl_base[sl_slot] = $1;\n"
      "if (sl_lane == 0 && $2 == 1)\n"
      "  sl_stride[sl_slot] = $1 - sl_base[sl_slot];";
  // $0: the block's steps inside T.
  body.tileCalls[kTileGroupSumsCallee] =
      "barrier(CLK_LOCAL_MEM_FENCE);\n"
      "for (long sl_o = sl_local; sl_o < $0 * perGroup; sl_o += sl_items) {\n"
      "  long sl_s = sl_o / perGroup;\n"
      "  long sl_p = sl_o - sl_s * perGroup;\n"
      "  if (sl_first + sl_p < groups) {\n"
      "    " + type + " sl_sum = " + (f64 ? "0.0" : "0.0f") + ";\n"
      "    for (long sl_q = 0; sl_q < lanes; ++sl_q)\n"
      "      sl_sum += sl_terms[sl_s * " + row + " + sl_q * perGroup + sl_p];\n" +
      (mean ? "    sl_sum = sl_sum / (" + type + ")lanes;\n" : "") +
      "    " + output + "[sl_base[sl_p] + sl_s * sl_stride[sl_p]] = sl_sum;\n"
      "  }\n"
      "}\n"
      "barrier(CLK_LOCAL_MEM_FENCE);";
  printTileBody(func, body, 1, needs, out);
  out += "}\n\n";
}

} // namespace sluice::codegen::opencl
