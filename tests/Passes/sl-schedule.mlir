// RUN: sluice-opt %s -split-input-file -sl-schedule | FileCheck %s --check-prefix=CPU
// RUN: sluice-opt %s -split-input-file -sl-schedule=threads=4 | FileCheck %s --check-prefix=THREADS
// RUN: sluice-opt %s -split-input-file -sl-schedule=target=opencl | FileCheck %s --check-prefix=OPENCL
// RUN: sluice-opt %s -split-input-file '-sl-schedule=strategy=lookback chunk=64' | FileCheck %s --check-prefix=LOOKBACK
// RUN: sluice-opt %s -split-input-file -sl-schedule=strategy=channel_parallel | FileCheck %s --check-prefix=CHANNELS
// RUN: sluice-opt %s -split-input-file '-sl-schedule=target=opencl chunk=1000' | FileCheck %s --check-prefix=OPENCL-CHUNK
// RUN: not sluice-opt %s -split-input-file -sl-schedule=chunk=100 2>&1 | FileCheck %s --check-prefix=BAD-CHUNK
// RUN: not sluice-opt %s -split-input-file -sl-schedule=strategy=fast 2>&1 | FileCheck %s --check-prefix=BAD-STRATEGY
// RUN: not sluice-opt %s -split-input-file -sl-schedule=threads=-1 2>&1 | FileCheck %s --check-prefix=BAD-THREADS
// RUN: sluice-opt %s -split-input-file -sl-schedule | sluice-opt -split-input-file | FileCheck %s --check-prefix=CPU

// sl-schedule gives every sl.scan a #sl.schedule from the target's numbers
// (codegen/TargetInfo.h) and the override. For the cpu target, both strategies, the
// channel-parallel one from 2 channels per thread counted at run time where
// the channels lie next to each other (dims after the scan axis; rows, whose
// steps are contiguous: 128) or below 2048 steps, look-back blocks of 8
// lanes x 4112 steps.

// CPU-LABEL: func.func @ema
// CPU: sl.scan {{.*}} {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>}
// A thread count fixed at compile time makes the guard absolute.
// THREADS-LABEL: func.func @ema
// THREADS: {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 8, lookback_min_steps = 2048>}
// OpenCL: one lane per work-item, its steps chosen per call (runtime_chunk:
// the tuning cache, else the shape and the device), 768 channels per
// compute unit; a forced chunk fixes the steps.
// OPENCL-LABEL: func.func @ema
// OPENCL: {schedule = #sl.schedule<target = opencl, strategy = auto, lanes = 1, lane_steps = 256, channel_threshold = 768, per_unit = true, runtime_chunk = true>}
// The override: a forced strategy has no guard; chunk = lanes x lane steps
// (with auto, a forced chunk leaves no guard on the steps: OPENCL-CHUNK).
// LOOKBACK-LABEL: func.func @ema
// LOOKBACK: {schedule = #sl.schedule<target = cpu, strategy = lookback, lanes = 8, lane_steps = 8>}
// CHANNELS-LABEL: func.func @ema
// CHANNELS: {schedule = #sl.schedule<target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 4112>}
// OPENCL-CHUNK-LABEL: func.func @ema
// OPENCL-CHUNK: {schedule = #sl.schedule<target = opencl, strategy = auto, lanes = 1, lane_steps = 1000, channel_threshold = 768, per_unit = true>}
// BAD-CHUNK: error: sl-schedule: chunk=100 is not a multiple of the cpu target's look-back lanes (8): a block is lanes x lane steps
// BAD-STRATEGY: error: sl-schedule: unknown strategy 'fast' (expected channel_parallel, lookback or auto)
// BAD-THREADS: error: sl-schedule: threads must not be negative (got -1)
func.func @ema(%T: index, %a: tensor<?x?x?xf32>, %i: tensor<?x?xf32>) -> tensor<?x?x?xf32> {
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?x?xf32>) inputs(%a : tensor<?x?x?xf32>)
      init(%i : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  return %h : tensor<?x?x?xf32>
}

// -----

// Rows ([B, T]: each channel's steps contiguous, the look-back's lanes read
// them in order): the CPU's walk from 128 channels per thread.
// CPU-LABEL: func.func @rows
// CPU: {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 128, per_unit = true, lookback_min_steps = 2048>}
// OPENCL-LABEL: func.func @rows
// OPENCL: {schedule = #sl.schedule<target = opencl, strategy = auto, lanes = 1, lane_steps = 256, channel_threshold = 768, per_unit = true, runtime_chunk = true>}
func.func @rows(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) -> tensor<?x?xf32> {
  %h = sl.scan linear steps(%T) axis -1 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>)
      init(%i : tensor<?xf32>) -> tensor<?x?xf32>
  return %h : tensor<?x?xf32>
}

// -----

// A coupled 2x2 map (an order-2 recurrence in companion form): on OpenCL the
// walk from 384 channels per compute unit, half the first order's guard; a
// diagonal one (two independent states) keeps 768. On the cpu target, 2
// for both (channels next to each other), and the look-back from 32768
// steps for the coupled map (its lanes compose 2x2 maps), 2048 for the
// diagonal one.
// CPU-LABEL: func.func @two_states
// CPU: matrix "cc10" {{.*}} channel_threshold = 2, per_unit = true, lookback_min_steps = 32768>}
// CPU: matrix "v00v" {{.*}} channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>}
// OPENCL-LABEL: func.func @two_states
// OPENCL: matrix "cc10" {{.*}} channel_threshold = 384, per_unit = true, runtime_chunk = true>}
// OPENCL: matrix "v00v" {{.*}} channel_threshold = 768, per_unit = true, runtime_chunk = true>}
func.func @two_states(%T: index, %x: tensor<?x?x?xf32>, %c: tensor<?xf32>, %i: tensor<?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  %y:2 = sl.scan linear steps(%T) axis -2 matrix "cc10" forcing "v0"
      coeffs(%c, %c : tensor<?xf32>, tensor<?xf32>) inputs(%x : tensor<?x?x?xf32>)
      init(%i, %i : tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
  %z:2 = sl.scan linear steps(%T) axis -2 matrix "v00v" forcing "vv"
      coeffs(%x, %x : tensor<?x?x?xf32>, tensor<?x?x?xf32>) inputs(%x, %x : tensor<?x?x?xf32>, tensor<?x?x?xf32>)
      init(%i, %i : tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
  return %y#0, %z#1 : tensor<?x?x?xf32>, tensor<?x?x?xf32>
}

// -----

// A state read only through a sum over one of its dims (directly, or
// through one element-wise op, GLA's sum(q * S, K)) is fused with it on the
// CPU (fuse_reduction; on OpenCL too, where it is the channel-parallel
// alternative, in work-groups, from 192 channels per compute unit), and
// not when the look-back is forced.
// CPU-LABEL: func.func @state_summed
// CPU: sl.scan {{.*}} {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, fuse_reduction = true, lookback_min_steps = 2048>}
// CPU: sl.scan {{.*}} {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, fuse_reduction = true, lookback_min_steps = 2048>}
// CHANNELS-LABEL: func.func @state_summed
// CHANNELS: {schedule = #sl.schedule<target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 4112, fuse_reduction = true>}
// OPENCL-LABEL: func.func @state_summed
// OPENCL: sl.scan {{.*}} {schedule = #sl.schedule<target = opencl, strategy = auto, lanes = 1, lane_steps = 256, channel_threshold = 192, per_unit = true, fuse_reduction = true, runtime_chunk = true>}
// OPENCL: sl.scan {{.*}} {schedule = #sl.schedule<target = opencl, strategy = auto, lanes = 1, lane_steps = 256, channel_threshold = 192, per_unit = true, fuse_reduction = true, runtime_chunk = true>}
// LOOKBACK-LABEL: func.func @state_summed
// LOOKBACK-NOT: fuse_reduction
func.func @state_summed(%T: index, %a: tensor<?x?x?xf32>, %i: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?x?xf32>) inputs(%a : tensor<?x?x?xf32>)
      init(%i : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %s = sl.reduce sum %h axis 0 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  %g = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?x?xf32>) inputs(%a : tensor<?x?x?xf32>)
      init(%i : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %q = arith.mulf %a, %g : tensor<?x?x?xf32>
  %m = sl.reduce mean %q axis 2 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  return %s, %m : tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// Not fused: the state is also a result; the reduction is over the scan
// axis; a max; a two-component state.
// CPU-LABEL: func.func @not_fused
// CPU-NOT: fuse_reduction
// CPU: return
func.func @not_fused(%T: index, %a: tensor<?x?x?xf32>, %i: tensor<?x?xf32>)
    -> (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?x?xf32>) inputs(%a : tensor<?x?x?xf32>)
      init(%i : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %s = sl.reduce sum %h axis 0 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  %g = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?x?xf32>) inputs(%a : tensor<?x?x?xf32>)
      init(%i : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %overT = sl.reduce sum %g axis 1 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  %f = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?x?xf32>) inputs(%a : tensor<?x?x?xf32>)
      init(%i : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %mx = sl.reduce max %f axis 0 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  %p:2 = sl.scan linear steps(%T) axis -2 matrix "vc10" forcing "v0"
      coeffs(%a, %i : tensor<?x?x?xf32>, tensor<?x?xf32>) inputs(%a : tensor<?x?x?xf32>)
      init(%i, %i : tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
  %ps = sl.reduce sum %p#0 axis 0 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  return %h, %s, %overT, %mx, %ps : tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
}
