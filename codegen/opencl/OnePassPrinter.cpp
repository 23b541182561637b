//===- OnePassPrinter.cpp - A Lookback step as one OpenCL kernel ----------===//
//
// One work-group per tile (a block and a group of its items), tiles taken
// in order from an atomic ticket, so a tile only waits for one that has
// started. Memory ordering (OpenCL 1.2 has no memory model across
// work-groups; this is what NVIDIA, AMD and PoCL honour): the publisher's
// work-items each fence their global writes (mem_fence, a device-wide
// fence: NVIDIA's membar.gl), meet at a barrier, then work-item 0 sets the
// flag with an atomic; the waiter's work-item 0 reads the flag through a
// volatile pointer (never cached), fences, and a barrier releases the
// work-group, whose carry reads the predecessor's aggregates and carries
// through volatile pointers (the carry's `_items` function, KernelAbi.h),
// so no stale L1 line is ever read.
//
//===----------------------------------------------------------------------===//

#include "codegen/opencl/OnePassPrinter.h"

#include "runtime/opencl/KernelAbi.h"

#include <map>

namespace sluice::codegen::opencl {

void printOnePassKernel(const runtime::Step &lookback,
                        const runtime::Plan &plan, int dims,
                        int64_t requiredWorkGroupSize, std::string &out) {
  const std::string &aggregate = lookback.body[0].name;
  std::string name = runtime::opencl::onePassKernelName(aggregate);
  std::vector<int32_t> all = runtime::opencl::lookbackOnePassBuffers(lookback);
  std::map<int32_t, size_t> slotOf;
  std::string legend;
  for (size_t u = 0; u < all.size(); ++u) {
    slotOf[all[u]] = u;
    const runtime::BufferSpec &spec = plan.buffers[all[u]];
    legend += (u ? ", u" : "u") + std::to_string(u) + " = %" +
              std::to_string(all[u]) + " " + spec.name + " (" +
              runtime::dtypeName(spec.dtype) + ")";
  }
  out += "// " + name + ": look-back step '" + lookback.name +
         "' in one pass (" + aggregate + ", " + lookback.body[1].name + ", " +
         lookback.body[2].name + "; KernelAbi.h)\n";
  out += "// " + legend + "\n";
  if (requiredWorkGroupSize > 0)
    out += "__attribute__((reqd_work_group_size(" +
           std::to_string(requiredWorkGroupSize) + ", 1, 1)))\n";
  std::string head = "__kernel void " + name + "(";
  std::string indent(head.size(), ' ');
  std::string signature = head;
  // Neither const nor restrict: one phase reads what another (or another
  // work-group) wrote in this launch, which the read-only data path (a
  // non-coherent cache on NVIDIA) must not serve.
  for (size_t u = 0; u < all.size(); ++u)
    signature += std::string("__global ") +
                 runtime::opencl::openclElementType(plan.buffers[all[u]].dtype) +
                 " *u" + std::to_string(u) + ",\n" + indent;
  std::string dimArgs;
  if (dims > 0) {
    for (int j = 0; j < dims; ++j) {
      signature += (j ? " long d" : "long d") + std::to_string(j) + ",";
      dimArgs += ", d" + std::to_string(j);
    }
    signature += "\n" + indent;
  }
  signature += "long blocks, long items,\n" + indent +
               "__global volatile int *flags,\n" + indent +
               "__global volatile int *ticket, int epoch,\n" +
               indent + "__global volatile int *status) {\n";
  out += signature;
  /// The call of kernel `k`'s items function on work item `item`.
  auto call = [&](const runtime::Step &kernel) {
    std::string text = kernel.name + "_items(item, item + 1";
    for (int32_t b : kernel.buffers)
      text += ", u" + std::to_string(slotOf[b]);
    return text + dimArgs + ");";
  };
  out += "  __local int tileOfGroup;\n"
         "  long l = get_local_id(0);\n"
         "  long size = get_local_size(0);\n"
         "  if (l == 0)\n"
         "    tileOfGroup = atomic_inc(ticket);\n"
         "  barrier(CLK_LOCAL_MEM_FENCE);\n"
         "  long tile = tileOfGroup;\n"
         "  long groups = (items + size - 1) / size;\n"
         "  long block = tile / groups;\n"
         "  long channel = (tile - block * groups) * size + l;\n"
         "  long item = block * items + channel;\n"
         "  int active = block < blocks && channel < items;\n"
         "  if (active)\n"
         "    " + call(lookback.body[0]) + "\n"
         "  if (block > 0) {\n"
         "    // Wait for the same items of the previous block (a tile that\n"
         "    // took its ticket earlier), a bounded number of polls.\n"
         "    if (l == 0) {\n"
         "      long polls = 0;\n"
         "      while (flags[tile - groups] != epoch) {\n"
         "        if (++polls >= SLUICE_LOOKBACK_SPIN_LIMIT) {\n"
         "          *status = 1;\n"
         "          break;\n"
         "        }\n"
         "      }\n"
         "      mem_fence(CLK_GLOBAL_MEM_FENCE);\n"
         "    }\n"
         "    barrier(CLK_GLOBAL_MEM_FENCE);\n"
         "  }\n"
         "  if (active)\n"
         "    " + call(lookback.body[1]) + "\n"
         "  // Publish: every work-item's carry (and aggregate) written before\n"
         "  // the flag.\n"
         "  mem_fence(CLK_GLOBAL_MEM_FENCE);\n"
         "  barrier(CLK_GLOBAL_MEM_FENCE);\n"
         "  if (l == 0)\n"
         "    atomic_xchg(&flags[tile], epoch);\n"
         "  if (active)\n"
         "    " + call(lookback.body[2]) + "\n"
         "}\n\n";
}

} // namespace sluice::codegen::opencl
