//===- OnePassRowsPrinter.cpp - The row one-pass kernel ------------------===//
//
// `AGG_onepass_rows` (runtime/opencl/KernelAbi.h): the one pass of a
// Lookback step with one channel a tile, its work-group the block's parts,
// the row tile function's body inline (codegen/cpu/ScanTile.h,
// addScanRowsTile). The protocol is the register tile's (OnePassPrinter.cpp:
// tiles from a ticket, a flag per tile, a window of flags read at once, the
// fences), except that the look-back only finds the nearest block before
// whose carry-out is published: the tile function composes the carry from
// it and publishes its own block's carry-out.
//
//===----------------------------------------------------------------------===//

#include "codegen/KernelMarks.h"
#include "codegen/opencl/KernelPrinter.h"
#include "codegen/opencl/OnePassPrinter.h"
#include "codegen/opencl/OpenclHelpers.h"
#include "runtime/opencl/KernelAbi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace sluice::codegen::opencl {

bool rowsFit(mlir::func::FuncOp tile, const runtime::Step &lookback) {
  return tile->hasAttr(kTileRowsAttr) &&
         tile->hasAttr(kTileStageRowsAttr) && tileFits(tile, lookback) &&
         holdsOneF32State(tile) &&
         tileSteps(tile) == runtime::opencl::rowsPartSteps(lookback) &&
         runtime::opencl::onePassRowsMaxParts(tileSteps(tile)) >=
             runtime::opencl::kOnePassRowsMinItems;
}

void printOnePassRowsKernel(const runtime::Step &lookback,
                            const runtime::Plan &plan, int dims,
                            int64_t requiredWorkGroupSize,
                            const OnePassBuffers &roles,
                            mlir::func::FuncOp tile, ProgramNeeds &needs,
                            std::string &out) {
  const std::string &aggregate = lookback.body[0].name;
  std::string name = runtime::opencl::onePassRowsKernelName(aggregate);
  std::map<int32_t, size_t> slotOf = slotsOf(lookback);
  int64_t steps = tileSteps(tile);
  int64_t stageRows =
      tile->getAttrOfType<mlir::IntegerAttr>(kTileStageRowsAttr).getInt();
  int64_t items = runtime::opencl::onePassRowsMaxParts(steps);
  std::string indent;
  printOnePassHead(
      lookback, plan, dims, requiredWorkGroupSize, roles, name,
      "look-back step '" + lookback.name +
          "' in one pass, one channel a tile, each block in parts of " +
          std::to_string(steps) +
          " steps, one work-item each, staged at consecutive steps in local "
          "memory (" +
          tile.getSymName().str() + "; KernelAbi.h)",
      /*volatileShared=*/true, indent, out);
  out += "long blocks, long items, long subBlocks,\n" + indent +
         "__global volatile int *flags,\n" + indent +
         "__global volatile int *ticket, int epoch,\n" + indent +
         "__global volatile int *status) {\n";
  static_assert(kTileLaneWidth == 32, "sl_warp_lanes below: a warp of 32");
  std::string rowLength = std::to_string(
      items * steps + items * steps / kTileStagePadding);
  out += "  __local int tileOfGroup, firstStop;\n"
         "  __local int windowFlags[" +
         std::to_string(items) +
         "];\n"
         "  // Each part's map, the look-back's window of blocks' maps, and\n"
         "  // the block's steps (" +
         std::to_string(stageRows) + " rows, padded one element in " +
         std::to_string(kTileStagePadding) +
         ").\n"
         "  __local float sluice_part_aggregates[" +
         std::to_string(items) +
         " * 2];\n"
         "  __local float sluice_window_aggregates[" +
         std::to_string(items) +
         " * 2];\n"
         "  __local float sluice_stage[" +
         std::to_string(stageRows) + " * " + rowLength +
         "];\n"
         "  // The trees' exchange within a warp where it has no shuffle\n"
         "  // (SLUICE_LANE_UP).\n"
         "  __local float sluice_lane_exchange[" +
         std::to_string(items) +
         " * 2];\n"
         "  long l = get_local_id(0);\n"
         "  // A tile: one block of one channel, work-item l its part l\n"
         "  // (subBlocks parts: the work-group).\n"
         "  long parts = subBlocks, part = l, span = 1;\n"
         "  long window = parts; // flags read at once by the look-back\n"
         "  // The lanes of the work-item's warp (the trees' shuffles).\n"
         "  long sl_warp_lanes = min(parts - (l & ~31L), 32L);\n"
         "  uint sl_lane_mask = sl_warp_lanes == 32 ? 0xffffffffu\n"
         "                                          : (1u << sl_warp_lanes) - "
         "1u;\n"
         "  long rounds = 0; // of the trees over the parts\n"
         "  while ((1L << rounds) < parts)\n"
         "    ++rounds;\n"
         "  long tiles = blocks * items;\n"
         "  // A tile's flag: 0, then its aggregate published, then its\n"
         "  // carry-out.\n"
         "  int aggregateReady = 2 * epoch, carryReady = 2 * epoch + 1;\n"
         "  for (;;) {\n"
         "    if (l == 0)\n"
         "      tileOfGroup = atomic_inc(ticket);\n"
         "    barrier(CLK_LOCAL_MEM_FENCE);\n"
         "    long tile = tileOfGroup;\n"
         "    if (tile >= tiles)\n"
         "      break;\n"
         "    long block = tile / items;\n"
         "    long channel = tile - block * items;\n"
         "    long item = tile;\n";
  std::string lookbackSection =
      "// Publish the aggregate: the last part's work-item wrote it, and\n"
      "// fences it before the barrier after which work-item 0 sets the\n"
      "// flag (the other work-items wrote nothing global: no fence).\n"
      "if (l == parts - 1)\n"
      "  SLUICE_DEVICE_FENCE();\n"
      "barrier(CLK_GLOBAL_MEM_FENCE);\n"
      "if (l == 0)\n"
      "  atomic_xchg(&flags[tile], aggregateReady);\n"
      "// Look back over the channel's blocks before, a window of a flag\n"
      "// per work-item at a time (work-item w reads block from - w;\n"
      "// before block 0 counts as a published carry-out, the init's):\n"
      "// the nearest flag that is not an aggregate's (a local atomic_min\n"
      "// finds it) ends the window; a published carry-out there ends the\n"
      "// walk at `from`, the blocks before it are passed over, an\n"
      "// unpublished one is polled again (a bounded number of times).\n"
      "// Every work-item reads the result from local memory, so all take\n"
      "// the same branches.\n"
      "long from = block - 1, polls = 0;\n"
      "while (from >= 0) {\n"
      "  if (l == 0)\n"
      "    firstStop = (int)window;\n"
      "  barrier(CLK_LOCAL_MEM_FENCE);\n"
      "  if (l < window) {\n"
      "    long back = from - l;\n"
      "    int flag = back >= 0 ? flags[back * items + channel] : carryReady;\n"
      "    windowFlags[l] = flag;\n"
      "    if (flag != aggregateReady)\n"
      "      atomic_min(&firstStop, (int)l);\n"
      "  }\n"
      "  barrier(CLK_LOCAL_MEM_FENCE);\n"
      "  long passed = firstStop;\n"
      "  int found = passed < window && windowFlags[passed] == carryReady;\n"
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
      "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);";
  KernelParams params = tileBodyParams(tile, plan, slotOf, dims);
  params.stepLoopMacro = "SLUICE_ROWS_STEP_LOOP";
  params.tileCalls = partTileCalls(lookbackSection);
  params.tileCalls[kTileRoundsCallee] = "rounds";
  params.tileCalls[kTileLaneUpCallee] =
      "SLUICE_LANE_UP($0, $1, sluice_lane_exchange[$2])";
  params.tileCalls[kTileLanePutCallee] =
      "SLUICE_LANE_PUT(sluice_lane_exchange[$0], $1);";
  params.tileCalls[kTileLaneSyncCallee] = "SLUICE_LANE_SYNC();";
  needs.helpers.insert(kLaneExchange);
  params.tileCalls[kTileRowsFromCallee] = "from";
  params.tileCalls[kTileRowsPublishCarryCallee] =
      "// Publish the carry-out: work-item 0 wrote it; fenced, then the\n"
      "// flag.\n"
      "if (l == 0) {\n"
      "  SLUICE_DEVICE_FENCE();\n"
      "  atomic_xchg(&flags[tile], carryReady);\n"
      "}";
  out += "    // The tile: its steps staged, the parts' maps, the look-back,\n"
         "    // the carries, then the results through the local array.\n";
  printTileBody(tile, params, 2, needs, out);
  out += "  }\n"
         "}\n\n";
}

} // namespace sluice::codegen::opencl
