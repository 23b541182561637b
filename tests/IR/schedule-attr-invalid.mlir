// RUN: sluice-opt %s -split-input-file -verify-diagnostics
// Every verifier message of #sl.schedule, at the attribute.

func.func @lanes(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule lanes must be at least 1 (got 0)}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = lookback, lanes = 0, lane_steps = 4>} -> tensor<?x?xf32>
  return
}

// -----

func.func @lane_steps(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule lane_steps must be at least 1 (got -3)}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = lookback, lanes = 1, lane_steps = -3>} -> tensor<?x?xf32>
  return
}

// -----

func.func @block_overflow(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule block of 1048576 x 1099511627776 steps is longer than 2^40 steps}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = lookback, lanes = 1048576, lane_steps = 1099511627776>} -> tensor<?x?xf32>
  return
}

// -----

func.func @auto_without_guard(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule strategy auto needs a channel_threshold of at least 1 (got 0)}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112>} -> tensor<?x?xf32>
  return
}

// -----

func.func @forced_with_guard(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule strategy channel_parallel has no channel guard (channel_threshold and per_unit are for auto)}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 4112, channel_threshold = 128>} -> tensor<?x?xf32>
  return
}

// -----

func.func @lookback_fused(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule strategy lookback cannot fuse_reduction}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = lookback, lanes = 8, lane_steps = 4112, fuse_reduction = true>} -> tensor<?x?xf32>
  return
}

// -----

func.func @epilogue_unfused(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule fuse_epilogue needs fuse_reduction}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 4112, fuse_epilogue = true>} -> tensor<?x?xf32>
  return
}

// -----

func.func @channels_runtime_chunk(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule strategy channel_parallel has no look-back whose chunk runtime_chunk would choose}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = opencl, strategy = channel_parallel, lanes = 1, lane_steps = 256, runtime_chunk = true>} -> tensor<?x?xf32>
  return
}

// -----

func.func @unknown_strategy(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+2 {{expected ::sluice::sl::ScanStrategy to be one of: channel_parallel, lookback, auto}}
  // expected-error @+1 {{failed to parse Sluice_ScheduleAttr parameter 'strategy'}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = chunked, lanes = 8, lane_steps = 4112>} -> tensor<?x?xf32>
  return
}

// -----

func.func @unknown_target(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+2 {{expected ::sluice::sl::ScheduleTarget to be one of: cpu, opencl}}
  // expected-error @+1 {{failed to parse Sluice_ScheduleAttr parameter 'target'}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = gpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 1>} -> tensor<?x?xf32>
  return
}

// -----

func.func @negative_min_steps(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule lookback_min_steps must not be negative (got -1)}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 128, lookback_min_steps = -1>} -> tensor<?x?xf32>
  return
}

// -----

func.func @min_steps_forced(%T: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{schedule strategy lookback has no guard on its steps (lookback_min_steps is for auto)}}
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" coeffs(%a : tensor<?x?xf32>) inputs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) {schedule = #sl.schedule<target = cpu, strategy = lookback, lanes = 8, lane_steps = 4112, lookback_min_steps = 1024>} -> tensor<?x?xf32>
  return
}
