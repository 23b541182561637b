// RUN: sluice-opt %s | FileCheck %s
// RUN: sluice-opt %s --mlir-print-op-generic | sluice-opt | FileCheck %s
// #sl.schedule is typed: the target and strategy are enums, the sizes and
// the guard integers, the flags booleans. It sits on an sl.scan (until
// sl-fuse outlines kernels) and on an sl.kernel, prints in one readable
// form, and reads back to the same attribute. Defaulted fields (no guard,
// no fused reduction) are not printed.

// CHECK-LABEL: func.func @scan_schedules
func.func @scan_schedules(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  // The guard on the steps too (look-back from 1024 steps).
  // CHECK: sl.scan linear {{.*}} {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 128, per_unit = true, lookback_min_steps = 1024>} -> tensor<?x?xf32>
  %h0 = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>)
      init(%i : tensor<?xf32>)
      {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 128, per_unit = true, lookback_min_steps = 1024>}
      -> tensor<?x?xf32>
  // An absolute guard (a fixed thread count), and a fused reduction.
  // CHECK: {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 512, fuse_reduction = true>}
  %h1 = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>)
      init(%i : tensor<?xf32>)
      {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 512, per_unit = false, fuse_reduction = true>}
      -> tensor<?x?xf32>
  // The chunk chosen per call (OpenCL's tuning cache).
  // CHECK: {schedule = #sl.schedule<target = opencl, strategy = lookback, lanes = 1, lane_steps = 256, runtime_chunk = true>}
  %h2 = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>)
      init(%i : tensor<?xf32>)
      {schedule = #sl.schedule<target = opencl, strategy = lookback, lanes = 1, lane_steps = 256, runtime_chunk = true>}
      -> tensor<?x?xf32>
  // CHECK: {schedule = #sl.schedule<target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 4112>}
  %h3 = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>)
      init(%i : tensor<?xf32>)
      {schedule = #sl.schedule<target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 4112>}
      -> tensor<?x?xf32>
  return %h0, %h1, %h2, %h3 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
}
