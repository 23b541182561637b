# A scan whose aggregate kernel reads one array (a cumulative sum: one
# value a step to hold) gets longer parts in the kernels that hold a
# block's steps per work-item (TargetInfo::lookbackWalkStepsOneArray,
# lookbackRowsStepsOneArray; the plan's Lookback step records them as
# walk_part_steps and rows_part_steps, runtime/opencl/KernelAbi.h): the
# channel-group walk in parts of 64 steps, the row one pass in parts of 32
# with 128 parts a block (its local
# arrays sized so: 4096 staged steps in one row, padded); the register
# tile keeps its 16. The ema of onepass.sl / onepass-rows.sl (two arrays)
# keeps 32 and 16.
# RUN: sluice dump --stage opencl %s | FileCheck %s

# CHECK: // sl_scan_aggregate_1_onepass_tile: {{.*}} each block in parts of 16 steps held in registers
# CHECK: // sl_scan_aggregate_1_walk: {{.*}} each block in parts of 64 steps held in registers
# CHECK: // sl_scan_aggregate_1_onepass_rows: {{.*}} each block in parts of 32 steps, one work-item each
# CHECK: __local int windowFlags[128];
# CHECK: __local float sluice_part_aggregates[128 * 2];
# CHECK-NEXT: __local float sluice_window_aggregates[128 * 2];
# CHECK-NEXT: __local float sluice_stage[1 * 4224];
# CHECK: SLUICE_ROWS_STEP_LOOP
# CHECK-NEXT: for (sl_index [[J:v[0-9]+]] = 0; [[J]] < 32; [[J]] += 1) {

model cumsum {
  dims B, T, D
  input x : f32[B, T, D]
  output y = cumsum(x, T)
}
