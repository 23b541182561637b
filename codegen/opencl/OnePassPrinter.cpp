//===- OnePassPrinter.cpp - A Lookback step as one OpenCL kernel ----------===//
//
// A single-pass chunked scan with decoupled look-back. Work-groups loop
// over tiles (a block and a group of its items) taken in order from an
// atomic ticket, so a tile only waits for one that has started. A tile runs
// its aggregates, publishes them (flag 2 * epoch), then looks back over the
// same item group of the blocks before it, a window of kLookbackWindow
// blocks at a time (one flag per work-item of the window, read at once): a
// block whose carry is published (flag 2 * epoch + 1) ends the walk, blocks
// with only their aggregates are passed over; then each work-item composes
// the carries forward from that block (the carry kernel's items function,
// block by block: states, not maps, so every carry is the same bits as the
// three passes'), publishes its own carry and runs the apply.
//
// Memory ordering (OpenCL 1.2 has no memory model across work-groups; this
// is what NVIDIA, AMD and PoCL honour): the publisher's work-items each
// fence their global writes (SLUICE_DEVICE_FENCE: mem_fence, plus PTX
// membar.gl on NVIDIA, whose mem_fence is membar.cta), meet at a barrier,
// then work-item 0 sets the flag with an
// atomic; the waiter's work-items 0..31 read the flags through a volatile
// pointer (never cached), fences, and a barrier releases the work-group,
// whose carries read the predecessors' aggregates and carries through
// volatile pointers (the carry's `_items` function, KernelAbi.h), so no
// stale L1 line is ever read.
//
//===----------------------------------------------------------------------===//

#include "codegen/opencl/OnePassPrinter.h"

#include "codegen/KernelMarks.h"
#include "codegen/opencl/KernelPrinter.h"
#include "runtime/opencl/KernelAbi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <algorithm>

#include <map>

namespace sluice::codegen::opencl {

std::string onePassPrelude() {
  return std::string(
             "// The polls a one-pass look-back tile waits for its "
             "predecessor before it\n// reports an error (KernelAbi.h).\n"
             "#ifndef SLUICE_LOOKBACK_SPIN_LIMIT\n"
             "#define SLUICE_LOOKBACK_SPIN_LIMIT ") +
         kDefaultSpinLimit +
         "\n#endif\n"
         "// A memory fence for every work-group of the device (the one-pass\n"
         "// look-back's flags): mem_fence orders memory for the work-group "
         "only\n// (NVIDIA: membar.cta), so NVIDIA's compiler gets PTX "
         "membar.gl.\n"
         "#ifndef SLUICE_DEVICE_FENCE\n"
         "#ifdef cl_nv_pragma_unroll\n"
         "#define SLUICE_DEVICE_FENCE() \\\n"
         "  do { mem_fence(CLK_GLOBAL_MEM_FENCE); "
         "asm volatile(\"membar.gl;\" ::: \"memory\"); } while (0)\n"
         "#else\n"
         "#define SLUICE_DEVICE_FENCE() mem_fence(CLK_GLOBAL_MEM_FENCE)\n"
         "#endif\n"
         "#endif\n\n";
}

std::string stepLoopPrelude() {
  return std::string(
             "// Loops along a scan's axis ask for SLUICE_STEP_UNROLL steps "
             "per iteration\n// (their loads in flight together); 0 leaves "
             "it to the compiler. The row\n// one pass's ask for "
             "SLUICE_ROWS_STEP_UNROLL, SLUICE_STEP_UNROLL where that\n// is "
             "set.\n"
             "#ifndef SLUICE_ROWS_STEP_UNROLL\n"
             "#ifdef SLUICE_STEP_UNROLL\n"
             "#define SLUICE_ROWS_STEP_UNROLL SLUICE_STEP_UNROLL\n"
             "#else\n"
             "#define SLUICE_ROWS_STEP_UNROLL ") +
         kDefaultRowsStepUnroll +
         "\n#endif\n#endif\n"
         "#ifndef SLUICE_STEP_UNROLL\n#define SLUICE_STEP_UNROLL " +
         kDefaultStepUnroll +
         "\n#endif\n"
         "#define SLUICE_PRAGMA(text) _Pragma(#text)\n"
         "#define SLUICE_UNROLL(n) SLUICE_PRAGMA(unroll n)\n"
         "#if SLUICE_STEP_UNROLL > 0\n"
         "#define SLUICE_STEP_LOOP SLUICE_UNROLL(SLUICE_STEP_UNROLL)\n"
         "#else\n#define SLUICE_STEP_LOOP\n#endif\n"
         "#if SLUICE_ROWS_STEP_UNROLL > 0\n"
         "#define SLUICE_ROWS_STEP_LOOP "
         "SLUICE_UNROLL(SLUICE_ROWS_STEP_UNROLL)\n"
         "#else\n#define SLUICE_ROWS_STEP_LOOP\n#endif\n\n";
}

/// The slot (u<slot>) of each plan buffer of a one-pass kernel.
const char *localArrayName(int32_t buffer) {
  switch (buffer) {
  case kTilePartAggregates:
    return "sluice_part_aggregates";
  case kTilePartCarries:
    return "sluice_part_carries";
  case kTileStage:
    return "sluice_stage";
  case kTileWindowAggregates:
    return "sluice_window_aggregates";
  default:
    return nullptr;
  }
}

std::map<int32_t, size_t> slotsOf(const runtime::Step &lookback) {
  std::vector<int32_t> all = runtime::opencl::lookbackOnePassBuffers(lookback);
  std::map<int32_t, size_t> slotOf;
  for (size_t u = 0; u < all.size(); ++u)
    slotOf[all[u]] = u;
  return slotOf;
}

std::string printOnePassHead(const runtime::Step &lookback,
                             const runtime::Plan &plan, int dims,
                             int64_t requiredWorkGroupSize,
                             const OnePassBuffers &roles,
                             const std::string &name, const std::string &comment,
                             bool volatileShared, std::string &indent,
                             std::string &out) {
  std::vector<int32_t> all = runtime::opencl::lookbackOnePassBuffers(lookback);
  std::string legend;
  for (size_t u = 0; u < all.size(); ++u) {
    const runtime::BufferSpec &spec = plan.buffers[all[u]];
    legend += (u ? ", u" : "u") + std::to_string(u) + " = %" +
              std::to_string(all[u]) + " " + spec.name + " (" +
              runtime::dtypeName(spec.dtype) + ")";
  }
  out += "// " + name + ": " + comment + "\n";
  out += "// " + legend + "\n";
  if (requiredWorkGroupSize > 0)
    out += "__attribute__((reqd_work_group_size(" +
           std::to_string(requiredWorkGroupSize) + ", 1, 1)))\n";
  std::string head = "__kernel void " + name + "(";
  indent.assign(head.size(), ' ');
  std::string signature = head;
  // The aggregates and carries are neither const nor restrict: one phase
  // reads what another (or another work-group) wrote in this launch, which
  // the read-only data path (a non-coherent cache on NVIDIA) must not serve.
  // The model's buffers are: each is read only, or written by one work-item
  // and read by none.
  for (size_t u = 0; u < all.size(); ++u) {
    bool shared = roles.shared.count(all[u]) > 0;
    bool written = shared || roles.applied.count(all[u]) > 0;
    signature += std::string("__global ") + (written ? "" : "const ") +
                 (shared && volatileShared ? "volatile " : "") +
                 runtime::opencl::openclElementType(plan.buffers[all[u]].dtype) +
                 (shared ? " *u" : " *restrict u") + std::to_string(u) +
                 ",\n" + indent;
  }
  std::string dimArgs;
  if (dims > 0) {
    for (int j = 0; j < dims; ++j) {
      signature += (j ? " long d" : "long d") + std::to_string(j) + ",";
      dimArgs += ", d" + std::to_string(j);
    }
    signature += "\n" + indent;
  }
  out += signature;
  return dimArgs;
}

KernelParams tileBodyParams(mlir::func::FuncOp tile, const runtime::Plan &plan,
                            const std::map<int32_t, size_t> &slotOf,
                            int dims) {
  KernelParams params;
  auto buffers = tile->getAttrOfType<mlir::DenseI32ArrayAttr>(kTileBuffersAttr);
  auto compute = tile->getAttrOfType<mlir::TypeAttr>(kTileComputeAttr);
  runtime::DType local = compute && compute.getValue().isF64()
                             ? runtime::DType::F64
                             : runtime::DType::F32;
  for (int32_t b : buffers.asArrayRef()) {
    if (const char *array = localArrayName(b)) {
      params.buffers.push_back(local);
      params.bufferNames.push_back(array);
      continue;
    }
    params.buffers.push_back(plan.buffers[b].dtype);
    params.bufferNames.push_back("u" + std::to_string(slotOf.at(b)));
  }
  params.dims = dims;
  params.item = "item";
  return params;
}

namespace {
/// The local arrays a kernel of tile function `tile`'s parts declares
/// (KernelMarks.h): each part's aggregate and carry, kOnePassTileItems
/// parts at most.
std::string partLocalArrays(mlir::func::FuncOp tile) {
  auto states = tile->getAttrOfType<mlir::IntegerAttr>(kTileStatesAttr);
  auto compute = tile->getAttrOfType<mlir::TypeAttr>(kTileComputeAttr);
  int64_t k = states ? states.getInt() : 1;
  std::string type = compute && compute.getValue().isF64() ? "double" : "float";
  // (A pair walk's work-items hold two lanes each.)
  std::string items = std::to_string(runtime::opencl::kOnePassTileItems) +
                      (tile->hasAttr(kTilePairsAttr) ? " * 2" : "");
  return "  __local " + type + " sluice_part_aggregates[" + items + " * " +
         std::to_string(k * k + k) + "];\n" + "  __local " + type +
         " sluice_part_carries[" + items + " * " + std::to_string(k) + "];\n";
}

} // namespace

std::map<std::string, std::string> partTileCalls(const std::string &lookback) {
  return {{kTileLookbackCallee, lookback},
          {kTileBarrierCallee, "barrier(CLK_LOCAL_MEM_FENCE);"},
          {kTilePartCallee, "part"},
          {kTilePartsCallee, "parts"},
          {kTileSlotCallee, "l"},
          {kTileSpanCallee, "span"}};
}

namespace {
/// Prints the one-pass kernel of `lookback`: the classic one calling the
/// three `_items` functions when `tile` is null, else the register-tile
/// variant with `tile`'s body inline (ScanTile.h).
void printOnePass(const runtime::Step &lookback, const runtime::Plan &plan,
                  int dims, int64_t requiredWorkGroupSize,
                  const OnePassBuffers &roles, mlir::func::FuncOp tile,
                  ProgramNeeds &needs, std::string &out) {
  const std::string &aggregate = lookback.body[0].name;
  std::string name = tile ? runtime::opencl::onePassTileKernelName(aggregate)
                          : runtime::opencl::onePassKernelName(aggregate);
  std::map<int32_t, size_t> slotOf = slotsOf(lookback);
  std::string comment =
      tile ? "look-back step '" + lookback.name +
                 "' in one pass, each block in parts of " +
                 std::to_string(tileSteps(tile)) +
                 " steps held in registers, one work-item each (" +
                 tile.getSymName().str() + ", " + lookback.body[1].name +
                 "; KernelAbi.h)"
           : "look-back step '" + lookback.name + "' in one pass (" +
                 aggregate + ", " + lookback.body[1].name + ", " +
                 lookback.body[2].name + "; KernelAbi.h)";
  // (The tile reads its carry back with a plain load: volatile, so it
  // never hits a line of the SM's L1 cached before the carry was
  // written.)
  std::string indent;
  std::string dimArgs =
      printOnePassHead(lookback, plan, dims, requiredWorkGroupSize, roles, name,
                       comment, /*volatileShared=*/bool(tile), indent, out);
  out += "long blocks, long items, long subBlocks,\n" + indent +
         "__global volatile int *flags,\n" + indent +
         "__global volatile int *ticket, int epoch,\n" + indent +
         "__global volatile int *status) {\n";
  /// The call of `kernel`'s items function on work item `item` (an
  /// expression).
  auto call = [&](const runtime::Step &kernel, const std::string &item) {
    std::string text =
        kernel.name + "_items(" + item + ", " + item + " + 1";
    for (int32_t b : kernel.buffers)
      text += ", u" + std::to_string(slotOf[b]);
    return text + dimArgs + ");";
  };
  std::string window = std::to_string(kLookbackWindow);
  out += "  __local int tileOfGroup;\n"
         "  __local int windowFlags[" + window + "];\n";
  if (tile)
    out += partLocalArrays(tile);
  out += "  long l = get_local_id(0);\n"
         "  long size = get_local_size(0);\n"
         "  long window = min(size, " + window + "L);\n";
  if (tile)
    out += "  // A tile: one block of span items, each item's steps in parts\n"
           "  // (subBlocks of them) of " + std::to_string(tileSteps(tile)) +
           " steps; work-item l runs part `part`\n"
           "  // of item `lane`.\n"
           "  long parts = subBlocks, tileBlocks = 1;\n"
           "  long span = size / parts;\n"
           "  long part = l / span, lane = l - part * span;\n";
  else
    out += "  // A tile: subBlocks consecutive blocks of span items; work-item\n"
           "  // l runs item `lane` of block `sub` of it.\n"
           "  long tileBlocks = subBlocks;\n"
           "  long span = size / subBlocks;\n"
           "  long sub = l / span, lane = l - sub * span;\n";
  out += "  long groups = (items + span - 1) / span;\n"
         "  long tiles = (blocks + tileBlocks - 1) / tileBlocks * groups;\n"
         "  // A tile's flag: 0, then its aggregates published, then its carry.\n"
         "  int aggregateReady = 2 * epoch, carryReady = 2 * epoch + 1;\n"
         "  for (;;) {\n"
         "    if (l == 0)\n"
         "      tileOfGroup = atomic_inc(ticket);\n"
         "    barrier(CLK_LOCAL_MEM_FENCE);\n"
         "    long tile = tileOfGroup;\n"
         "    if (tile >= tiles)\n"
         "      break;\n"
         "    long blockGroup = tile / groups;\n"
         "    long group = tile - blockGroup * groups;\n";
  // The work-items past the last item: the classic kernel skips their
  // calls; in the tile they run the last item again (every barrier of the
  // tile needs all work-items), storing the same values to the same places.
  std::string carryCall;
  if (tile) {
    out += "    long block = blockGroup, lastBlock = block;\n"
           "    long channel = min(group * span + lane, items - 1);\n"
           "    long item = block * items + channel;\n";
    // The first part's work-items walk the carry into the block.
    carryCall = "if (part == 0)\n    " +
                call(lookback.body[1], "into * items + channel");
  } else {
    out += "    long block = blockGroup * subBlocks + sub;\n"
           "    long lastBlock = min(blockGroup * subBlocks + subBlocks, blocks) - 1;\n";
    out += "    long channel = group * span + lane;\n"
           "    long item = block * items + channel;\n"
           "    int active = channel < items && block < blocks;\n"
           "    if (active)\n"
           "      " + call(lookback.body[0], "item") + "\n";
    // The first block's work-items walk the carries of the tile's items.
    carryCall = "if (sub == 0 && channel < items)\n  " +
                call(lookback.body[1], "into * items + channel");
  }
  std::string section =
      "// Publish the aggregates: every work-item's written before the flag.\n"
      "SLUICE_DEVICE_FENCE();\n"
      "barrier(CLK_GLOBAL_MEM_FENCE);\n"
      "if (l == 0)\n"
      "  atomic_xchg(&flags[tile], aggregateReady);\n"
      "// Look back over the same item group of the block groups before,\n"
      "// a window at a time (work-item w reads group from - w; before\n"
      "// block 0 counts as a published carry, the init's): the nearest\n"
      "// published carry ends the walk, groups with only their\n"
      "// aggregates are passed over, an unpublished group is polled\n"
      "// again (a bounded number of times). Every work-item reads the\n"
      "// window from local memory, so all take the same branches.\n"
      "long from = blockGroup - 1, polls = 0;\n"
      "while (from >= 0) {\n"
      "  if (l < window) {\n"
      "    long back = from - l;\n"
      "    windowFlags[l] = back >= 0 ? flags[back * groups + group] : carryReady;\n"
      "  }\n"
      "  barrier(CLK_LOCAL_MEM_FENCE);\n"
      "  long passed = 0;\n"
      "  int found = 0;\n"
      "  for (; passed < window; ++passed) {\n"
      "    int flag = windowFlags[passed];\n"
      "    if (flag == carryReady)\n"
      "      found = 1;\n"
      "    if (flag != aggregateReady)\n"
      "      break;\n"
      "  }\n"
      "  barrier(CLK_LOCAL_MEM_FENCE);\n"
      "  from -= passed;\n"
      "  if (found)\n"
      "    break;\n"
      "  if (passed == 0 && ++polls >= SLUICE_LOOKBACK_SPIN_LIMIT) {\n"
      "    if (l == 0)\n"
      "      *status = 1;\n"
      "    break;\n"
      "  }\n"
      "}\n"
      "SLUICE_DEVICE_FENCE();\n"
      "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n"
      "long fromBlock = (from + 1) * tileBlocks - 1;\n"
      "// The carries into blocks fromBlock + 1 .. lastBlock, each from the\n"
      "// one before through that block's aggregates (states, not maps:\n"
      "// every tile that writes a carry writes the same bits).\n"
      "for (long into = fromBlock + 1; into <= lastBlock; ++into)\n"
      "  " + carryCall + "\n"
      "// Publish the carry.\n"
      "SLUICE_DEVICE_FENCE();\n"
      "barrier(CLK_GLOBAL_MEM_FENCE);\n"
      "if (l == 0)\n"
      "  atomic_xchg(&flags[tile], carryReady);";
  if (tile) {
    KernelParams params = tileBodyParams(tile, plan, slotOf, dims);
    params.tileCalls = partTileCalls(section);
    out += "    // The tile: its steps' coefficients, its aggregates, the\n"
           "    // look-back, then the results from the registers.\n";
    printTileBody(tile, params, 2, needs, out);
  } else {
    out += indentLines(section, 4);
    out += "    if (active)\n"
           "      " + call(lookback.body[2], "item") + "\n";
  }
  out += "  }\n"
         "}\n\n";
}

} // namespace

int64_t tileSteps(mlir::func::FuncOp tile) {
  auto steps = tile->getAttrOfType<mlir::IntegerAttr>(kTileStepsAttr);
  return steps ? steps.getInt() : 0;
}

bool tileFits(mlir::func::FuncOp tile, const runtime::Step &lookback) {
  auto buffers = tile->getAttrOfType<mlir::DenseI32ArrayAttr>(kTileBuffersAttr);
  if (!buffers || tileSteps(tile) <= 0)
    return false;
  std::vector<int32_t> all = runtime::opencl::lookbackOnePassBuffers(lookback);
  for (int32_t b : buffers.asArrayRef())
    if (!localArrayName(b) &&
        std::find(all.begin(), all.end(), b) == all.end())
      return false;
  return true;
}

void printOnePassKernel(const runtime::Step &lookback,
                        const runtime::Plan &plan, int dims,
                        int64_t requiredWorkGroupSize,
                        const OnePassBuffers &roles, std::string &out) {
  ProgramNeeds unused;
  printOnePass(lookback, plan, dims, requiredWorkGroupSize, roles, nullptr,
               unused, out);
}

void printOnePassTileKernel(const runtime::Step &lookback,
                            const runtime::Plan &plan, int dims,
                            int64_t requiredWorkGroupSize,
                            const OnePassBuffers &roles,
                            mlir::func::FuncOp tile, ProgramNeeds &needs,
                            std::string &out) {
  printOnePass(lookback, plan, dims, requiredWorkGroupSize, roles, tile, needs,
               out);
}

void printWalkKernel(const runtime::Step &lookback, const runtime::Plan &plan,
                     int dims, int64_t requiredWorkGroupSize,
                     const OnePassBuffers &roles, mlir::func::FuncOp tile,
                     ProgramNeeds &needs, std::string &out) {
  const std::string &aggregate = lookback.body[0].name;
  bool pairs = tile->hasAttr(kTilePairsAttr);
  std::string name = pairs ? runtime::opencl::walkPairsKernelName(aggregate)
                           : runtime::opencl::walkKernelName(aggregate);
  std::map<int32_t, size_t> slotOf = slotsOf(lookback);
  std::string indent;
  printOnePassHead(
      lookback, plan, dims, requiredWorkGroupSize, roles, name,
      "look-back step '" + lookback.name +
          "' walked block by block by a work-group per group of channels, "
          "each block in parts of " +
          std::to_string(tileSteps(tile)) + " steps held in registers, " +
          (pairs ? "a pair of neighbouring channels a work-item ("
                 : "one work-item each (") +
          tile.getSymName().str() + "; KernelAbi.h)",
      /*volatileShared=*/true, indent, out);
  out += "long blocks, long items, long parts, long firstGroup) {\n";
  out += partLocalArrays(tile);
  std::string unit = pairs ? "pair" : "channel";
  out +=
      "  long l = get_local_id(0);\n"
      "  long size = get_local_size(0);\n"
      "  // The work-group's span " +
      unit +
      "s, each block's steps in parts of\n"
      "  // " +
      std::to_string(tileSteps(tile)) +
      " steps; work-item l runs part `part` of " + unit +
      " `lane`\n"
      "  // (past the last " +
      unit +
      ": the last again, so that every\n"
      "  // work-item meets every barrier).\n"
      "  long span = size / parts;\n"
      "  long part = l / span, lane = l - part * span;\n"
      "  // (A launch's work-groups continue the one before's: firstGroup.)\n"
      "  long group = firstGroup + (long)get_group_id(0);\n";
  if (pairs)
    out +=
        "  // Pair p: channels 2p and 2p + 1 (the tile's lanes 0 and 1).\n"
        "  long channel = 2 * min(group * span + lane, (items + 1) / 2 - 1);\n";
  else
    out += "  long channel = min(group * span + lane, items - 1);\n";
  out += "  // The blocks in order: the carry into each is the one out of the\n"
         "  // block before, which this work-group computed.\n"
         "  for (long block = 0; block < blocks; ++block) {\n"
         "    long item = block * items + channel;\n";
  // (The walk's tile function, kTileWalkAttr, takes the carry from block
  // to block itself and calls no look-back.)
  KernelParams params = tileBodyParams(tile, plan, slotOf, dims);
  params.tileCalls = partTileCalls("");
  out += "    // The block: its steps' coefficients, the parts' maps, the\n"
         "    // carry through them (the block's carry out stored as the next\n"
         "    // block's), then the results from the registers.\n";
  printTileBody(tile, params, 2, needs, out);
  out += "  }\n"
         "}\n\n";
}

bool holdsOneF32State(mlir::func::FuncOp tile) {
  auto states = tile->getAttrOfType<mlir::IntegerAttr>(kTileStatesAttr);
  auto compute = tile->getAttrOfType<mlir::TypeAttr>(kTileComputeAttr);
  return states && states.getInt() == 1 && compute &&
         compute.getValue().isF32();
}

bool wordsFit(mlir::func::FuncOp tile, const runtime::Step &lookback) {
  return tile->hasAttr(kTileWordsAttr) && tileFits(tile, lookback) &&
         holdsOneF32State(tile) &&
         tileSteps(tile) == runtime::opencl::kOnePassWordsSteps;
}

void printOnePassWordsKernel(const runtime::Step &lookback,
                             const runtime::Plan &plan, int dims,
                             int64_t requiredWorkGroupSize,
                             const OnePassBuffers &roles,
                             mlir::func::FuncOp tile, ProgramNeeds &needs,
                             std::string &out) {
  const std::string &aggregate = lookback.body[0].name;
  std::string name = runtime::opencl::onePassWordsKernelName(aggregate);
  std::map<int32_t, size_t> slotOf = slotsOf(lookback);
  auto states = tile->getAttrOfType<mlir::IntegerAttr>(kTileStatesAttr);
  int64_t k = states ? states.getInt() : 1;
  std::string K = std::to_string(k), W = std::to_string(k * k + k);
  std::string indent;
  printOnePassHead(
      lookback, plan, dims, requiredWorkGroupSize, roles, name,
      "look-back step '" + lookback.name + "' in one pass, a block of " +
          std::to_string(tileSteps(tile)) +
          " steps a work-item in registers, its aggregate and carry-out "
          "published as tagged words on its channel (" +
          tile.getSymName().str() + "; KernelAbi.h)",
      /*volatileShared=*/false, indent, out);
  out += "long blocks, long items,\n" + indent +
         "__global volatile int *ticket, int epoch,\n" + indent +
         "__global volatile int *status,\n" + indent +
         "__global volatile ulong *aggregateWords,\n" + indent +
         "__global volatile ulong *carryWords) {\n";
  out += "  long l = get_local_id(0);\n"
         "  long span = get_local_size(0);\n"
         "  long groups = (items + span - 1) / span;\n"
         "  long tiles = blocks * groups;\n"
         "  // Tiles in ticket order: a tile waits only on tiles that started.\n"
         "  __local int tileOfGroup;\n"
         "  if (l == 0)\n"
         "    tileOfGroup = atomic_inc(ticket);\n"
         "  barrier(CLK_LOCAL_MEM_FENCE);\n"
         "  long tile = tileOfGroup;\n"
         "  // A tile: span channels of one block, a work-item each.\n"
         "  long block = tile / groups;\n"
         "  long channel = (tile - block * groups) * span + l;\n"
         "  if (tile >= tiles || channel >= items)\n"
         "    return;\n"
         "  long item = block * items + channel;\n"
         "  // A word: its tag (the aggregate's, or the carry-out's) over the\n"
         "  // value's bits, written and read in one 64-bit access.\n"
         "  uint aggregateTag = 2u * (uint)epoch, carryTag = aggregateTag + 1u;\n"
         "  // Whether the block's aggregate words are written: not when the\n"
         "  // block before has its carry-out published by the time the\n"
         "  // aggregate is known (block 0 never has to), since the block then\n"
         "  // publishes its carry-out without waiting (-1: not yet known).\n"
         "  int aggregateNeeded = -1;\n";
  std::string walk =
      "// Look back on this channel for the nearest block with its\n"
      "// carry-out published (`from`; -1: the walk passed block 0),\n"
      "// passing over blocks with their aggregate published and polling\n"
      "// an unpublished one again (a bounded number of times). A block\n"
      "// that wrote no aggregate found the block before's carry-out\n"
      "// published already (or is block 0): it does not read it again.\n"
      "long from = block - 1, polls = 0;\n"
      "while (aggregateNeeded != 0 && from >= 0) {\n"
      "  long at = from * items + channel;\n"
      "  int carried = 1;\n"
      "  for (int i = 0; i < " + K + "; ++i)\n"
      "    carried &= (uint)(carryWords[at * " + K + " + i] >> 32) == carryTag;\n"
      "  if (carried)\n"
      "    break;\n"
      "  // Its aggregate is read only when its carry-out is not there.\n"
      "  int aggregated = 1;\n"
      "  for (int j = 0; j < " + W + "; ++j)\n"
      "    aggregated &= (uint)(aggregateWords[at * " + W + " + j] >> 32) == aggregateTag;\n"
      "  if (aggregated) {\n"
      "    --from;\n"
      "  } else if (++polls >= SLUICE_LOOKBACK_SPIN_LIMIT) {\n"
      "    *status = 1;\n"
      "    break;\n"
      "  }\n"
      "}";
  KernelParams params = tileBodyParams(tile, plan, slotOf, dims);
  params.tileCalls = {
      {kTileWordsPublishAggregateCallee,
       "if (aggregateNeeded < 0) {\n"
       "  aggregateNeeded = 0;\n"
       "  for (int i = 0; i < " + K + "; ++i)\n"
       "    aggregateNeeded |= block > 0 &&\n"
       "        (uint)(carryWords[(item - items) * " + K + " + i] >> 32) != carryTag;\n"
       "}\n"
       "if (aggregateNeeded)\n"
       "  aggregateWords[$0] = ((ulong)aggregateTag << 32) | as_uint($1);"},
      {kTileLookbackCallee, walk},
      {kTileWordsFoundCallee, "from"},
      {kTileWordsCarryCallee, "as_float((uint)carryWords[$0])"},
      {kTileWordsAggregateCallee, "as_float((uint)aggregateWords[$0])"},
      {kTileWordsPublishCarryCallee,
       "if (block + 1 < blocks)\n"
       "  carryWords[$0] = ((ulong)carryTag << 32) | as_uint($1);"}};
  out += "  // The block: its steps' coefficients, its aggregate (published),\n"
         "  // the look-back, the carry into the block composed from the\n"
         "  // words (its carry-out published), then the results from the\n"
         "  // registers.\n";
  printTileBody(tile, params, 1, needs, out);
  out += "}\n\n";
}

} // namespace sluice::codegen::opencl
