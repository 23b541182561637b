// RUN: sluice-opt %s -split-input-file -verify-diagnostics
// Every verifier message of the `sl` dialect.

func.func @broadcast_element_type(%x: tensor<?xf32>, %n: index) {
  // expected-error @+1 {{operand and result element types differ}}
  %0 = sl.broadcast %x dims [1] sizes(%n) : tensor<?xf32> -> tensor<?x?xf64>
  return
}

// -----

func.func @broadcast_dims_count(%x: tensor<?xf32>, %n: index) {
  // expected-error @+1 {{expects one 'dims' entry per operand dim (1), got 0}}
  %0 = sl.broadcast %x dims [] sizes(%n, %n) : tensor<?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @broadcast_dims_order(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{'dims' must be strictly increasing and within the result rank 2}}
  %0 = sl.broadcast %x dims [1, 0] : tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @broadcast_sizes_disagree(%x: tensor<3xf32>, %n: index) {
  // expected-error @+1 {{operand dim 0 (size 3) cannot broadcast to result dim 1 (size 4)}}
  %0 = sl.broadcast %x dims [1] sizes(%n) : tensor<3xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @broadcast_missing_sizes(%x: tensor<?xf32>) {
  // expected-error @+1 {{expects 1 sizes (one per dynamic result dim that no dynamic operand dim gives), got 0}}
  %0 = sl.broadcast %x dims [1] : tensor<?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @shift_axis(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{axis 2 is out of range for an operand of rank 2}}
  %0 = sl.shift %x axis 2 by 1 : tensor<?x?xf32>
  return
}

// -----

func.func @shift_amount(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{amount -9223372036854775808 is out of range (at most 2^62 either way)}}
  %0 = sl.shift %x axis 1 by -9223372036854775808 : tensor<?x?xf32>
  return
}

// -----

func.func @last_result(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{result type must be 'tensor<?xf32>' (the operand without axis 1)}}
  %0 = sl.last %x axis 1 : tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @matmul_types(%a: tensor<?x?xf32>, %b: tensor<?x?xf64>) {
  // expected-error @+1 {{operand and result element types must match}}
  %0 = sl.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf64> -> tensor<?x?xf32>
  return
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<?x?xf32>) {
  // expected-error @+1 {{lhs must have at least one dim}}
  %0 = sl.matmul %a, %b : tensor<f32>, tensor<?x?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @matmul_rhs_rank(%a: tensor<?x?xf32>, %b: tensor<?xf32>) {
  // expected-error @+1 {{rhs must be [K, N] or [L..., K, N] with the leading dims of lhs; got rank 1 for lhs rank 2}}
  %0 = sl.matmul %a, %b : tensor<?x?xf32>, tensor<?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<?x3xf32>, %b: tensor<4x?xf32>) {
  // expected-error @+1 {{contracted sizes differ: 3 vs 4}}
  %0 = sl.matmul %a, %b : tensor<?x3xf32>, tensor<4x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x?xf32>, %b: tensor<3x?x?xf32>) {
  // expected-error @+1 {{batch dim 0 differs}}
  %0 = sl.matmul %a, %b : tensor<2x?xf32>, tensor<3x?x?xf32> -> tensor<2x?xf32>
  return
}

// -----

func.func @matmul_result(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) {
  // expected-error @+1 {{result shape must be lhs's leading dims then N}}
  %0 = sl.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @reduce_axis(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{axis 5 is out of range for an operand of rank 2}}
  %0 = sl.reduce sum %x axis 5 : tensor<?x?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @reduce_result(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{result type must be 'tensor<?x1xf32>'}}
  %0 = sl.reduce max %x axis 1 keepdims : tensor<?x?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @cumulative_axis(%x: tensor<?xf32>) {
  // expected-error @+1 {{axis 1 is out of range for an operand of rank 1}}
  %0 = sl.cumulative sum %x axis 1 : tensor<?xf32>
  return
}

// -----

func.func @loop_lags(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{expects one lag per state (1), got 2}}
  %0 = sl.loop steps(%n) axis -2 lags [1, 1] init(%i : tensor<?xf32>) {
  ^bb0(%h: tensor<?xf32>):
    sl.yield %h : tensor<?xf32>
  } -> tensor<?x?xf32>
  return
}

// -----

func.func @loop_negative_lag(%n: index) {
  // expected-error @+1 {{lags must be non-negative}}
  %0 = sl.loop steps(%n) axis -2 lags [-1] {
  ^bb0():
    %c = arith.constant dense<0.0> : tensor<2xf32>
    sl.yield %c : tensor<2xf32>
  } -> tensor<?x2xf32>
  return
}

// -----

func.func @loop_inits(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{expects 2 inits (one per state and lag), got 1}}
  %0 = sl.loop steps(%n) axis -2 lags [2] init(%i : tensor<?xf32>) {
  ^bb0(%h1: tensor<?xf32>, %h2: tensor<?xf32>):
    sl.yield %h1 : tensor<?xf32>
  } -> tensor<?x?xf32>
  return
}

// -----

func.func @loop_positive_axis(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{axis must be negative (counted from the end), got 0}}
  %0 = sl.loop steps(%n) axis 0 lags [1] init(%i : tensor<?xf32>) {
  ^bb0(%h: tensor<?xf32>):
    sl.yield %h : tensor<?xf32>
  } -> tensor<?x?xf32>
  return
}

// -----

func.func @loop_seq_axis(%n: index, %x: tensor<?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{sequence operand of type 'tensor<?xf32>' has no axis -2}}
  %0 = sl.loop steps(%n) axis -2 lags [1] seq(%x : tensor<?xf32>) init(%i : tensor<?xf32>) {
  ^bb0(%xt: tensor<f32>, %h: tensor<?xf32>):
    sl.yield %h : tensor<?xf32>
  } -> tensor<?x?xf32>
  return
}

// -----

func.func @loop_arg_count(%n: index, %i: tensor<2xf32>) {
  // expected-error @+1 {{body must take 1 arguments (sequence slices, invariants, state lags), got 0}}
  %0 = sl.loop steps(%n) axis -2 lags [1] init(%i : tensor<2xf32>) {
  ^bb0():
    %c = arith.constant dense<0.0> : tensor<2xf32>
    sl.yield %c : tensor<2xf32>
  } -> tensor<?x2xf32>
  return
}

// -----

func.func @loop_seq_slice(%n: index, %x: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{body argument 0 must be the slice 'tensor<?xf32>' of its sequence operand}}
  %0 = sl.loop steps(%n) axis -2 lags [1] seq(%x : tensor<?x?xf32>) init(%i : tensor<?xf32>) {
  ^bb0(%xt: tensor<?x?xf32>, %h: tensor<?xf32>):
    sl.yield %h : tensor<?xf32>
  } -> tensor<?x?xf32>
  return
}

// -----

func.func @loop_invariant(%n: index, %w: tensor<?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{body argument 0 must have its invariant's type 'tensor<?xf32>'}}
  %0 = sl.loop steps(%n) axis -2 lags [1] inv(%w : tensor<?xf32>) init(%i : tensor<?xf32>) {
  ^bb0(%w0: tensor<?x?xf32>, %h: tensor<?xf32>):
    sl.yield %h : tensor<?xf32>
  } -> tensor<?x?xf32>
  return
}

// -----

func.func @loop_state_arg(%n: index, %i: tensor<2xf32>) {
  // expected-error @+1 {{body argument 0 (state 0 at lag 1) must be 'tensor<2xf32>'}}
  %0 = sl.loop steps(%n) axis -2 lags [1] init(%i : tensor<2xf32>) {
  ^bb0(%h: tensor<2xf64>):
    %c = arith.constant dense<0.0> : tensor<2xf32>
    sl.yield %c : tensor<2xf32>
  } -> tensor<?x2xf32>
  return
}

// -----

func.func @loop_init_type(%n: index, %i: tensor<?xf64>) {
  // expected-error @+1 {{init 0 (state 0 at lag 1) must be 'tensor<?xf32>'}}
  %0 = sl.loop steps(%n) axis -2 lags [1] init(%i : tensor<?xf64>) {
  ^bb0(%h: tensor<?xf32>):
    sl.yield %h : tensor<?xf32>
  } -> tensor<?x?xf32>
  return
}

// -----

func.func @loop_yield_count(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{body must yield one value per state (1), got 2}}
  %0 = sl.loop steps(%n) axis -2 lags [1] init(%i : tensor<?xf32>) {
  ^bb0(%h: tensor<?xf32>):
    sl.yield %h, %h : tensor<?xf32>, tensor<?xf32>
  } -> tensor<?x?xf32>
  return
}

// -----

func.func @loop_yield_type(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{yielded value 0 must be 'tensor<?xf32>'}}
  %0 = sl.loop steps(%n) axis -2 lags [1] init(%i : tensor<?xf32>) {
  ^bb0(%h: tensor<?xf32>):
    %c = arith.constant dense<0.0> : tensor<2xf32>
    sl.yield %c : tensor<2xf32>
  } -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_no_results(%n: index) {
  // expected-error @+1 {{must have at least one result (state component)}}
  "sl.scan"(%n) <{semiring = 0 : i32, axis = -1 : i64, matrix = #sl.structure<"">, forcing = #sl.structure<"">, operandSegmentSizes = array<i32: 1, 0, 0, 0>}> : (index) -> ()
  return
}

// -----

func.func @scan_matrix_size(%n: index, %b: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{matrix must describe 4 entries (k = 2), got 1}}
  %0:2 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "v0" inputs(%b : tensor<?x?xf32>) init(%i, %i : tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>, tensor<?x?xf32>
  return
}

// -----

func.func @scan_forcing_size(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{forcing must describe 1 entries (k = 1), got 2}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "00" init(%i : tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_matrix_entry(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{matrix entry 'x' is not one of 0, 1, v, c}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "x" forcing "0" init(%i : tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_forcing_entry(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{forcing entry '1' is not one of 0, v, c}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "1" init(%i : tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_coeff_count(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{matrix "v" needs 1 coeffs, got 0}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "v" forcing "0" init(%i : tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_input_count(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{forcing "v" needs 1 inputs, got 0}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "v" init(%i : tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_init_count(%n: index) {
  // expected-error @+1 {{expects 1 inits, got 0}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "0" -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_result_types(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{all state components must have one type}}
  %0:2 = sl.scan linear steps(%n) axis -2 matrix "1001" forcing "00" init(%i, %i : tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>, tensor<?x?xf64>
  return
}

// -----

func.func @scan_init_type(%n: index, %i: tensor<?x?xf32>) {
  // expected-error @+1 {{inits must be state slices of type 'tensor<?xf32>'}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "0" init(%i : tensor<?x?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_coeff_element(%n: index, %a: tensor<?x?xf64>, %i: tensor<?xf32>) {
  // expected-error @+1 {{coeff 0 must have element type 'f32'}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "v" forcing "0" coeffs(%a : tensor<?x?xf64>) init(%i : tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_invariant_rank(%n: index, %a: tensor<?x?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{time-invariant coeff 0 has a higher rank than the state slice}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "c" forcing "0" coeffs(%a : tensor<?x?xf32>) init(%i : tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_varying_axis(%n: index, %a: tensor<?xf32>, %i: tensor<?xf32>) {
  // expected-error @+1 {{varying operand of type 'tensor<?xf32>' has no axis -2}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "v" forcing "0" coeffs(%a : tensor<?xf32>) init(%i : tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @scan_varying_steps(%n: index, %a: tensor<4x3xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{varying coeff 0 has 4 steps at the scan axis, the result 5}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "v" forcing "0" coeffs(%a : tensor<4x3xf32>) init(%i : tensor<3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scan_varying_broadcast(%n: index, %b: tensor<?x4xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{varying input 0 of type 'tensor<?x4xf32>' does not broadcast to 'tensor<?x3xf32>': dim 1 (size 4) meets size 3}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "v" inputs(%b : tensor<?x4xf32>) init(%i : tensor<3xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @scan_varying_rank(%n: index, %b: tensor<2x?x3xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{varying input 0 of type 'tensor<2x?x3xf32>' has more dims than 'tensor<?x3xf32>'}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "v" inputs(%b : tensor<2x?x3xf32>) init(%i : tensor<3xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @scan_invariant_broadcast(%n: index, %a: tensor<4xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{time-invariant coeff 0 of type 'tensor<4xf32>' does not broadcast to 'tensor<?x3xf32>' without its scan axis: dim 0 (size 4) meets size 3}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "c" forcing "0" coeffs(%a : tensor<4xf32>) init(%i : tensor<3xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @scan_steps_constant(%i: tensor<3xf32>) {
  %n = arith.constant 7 : index
  // expected-error @+1 {{steps (7) must equal the size of the scan axis (5)}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "0" init(%i : tensor<3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scan_steps_negative(%i: tensor<3xf32>) {
  %n = arith.constant -1 : index
  // expected-error @+1 {{steps must not be negative, got -1}}
  %0 = sl.scan linear steps(%n) axis -2 matrix "1" forcing "0" init(%i : tensor<3xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @loop_steps_constant(%x: tensor<4x3xf32>, %i: tensor<3xf32>) {
  %n = arith.constant 5 : index
  // expected-error @+1 {{steps (5) must equal the size of the scan axis (4)}}
  %0 = sl.loop steps(%n) axis -2 lags [1] seq(%x : tensor<4x3xf32>) init(%i : tensor<3xf32>) {
  ^bb0(%xt: tensor<3xf32>, %h: tensor<3xf32>):
    sl.yield %h : tensor<3xf32>
  } -> tensor<?x3xf32>
  return
}

// -----

func.func @loop_steps_disagree(%n: index, %x: tensor<4x3xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{sequence operands and results disagree on the number of steps (4 vs 5)}}
  %0 = sl.loop steps(%n) axis -2 lags [1] seq(%x : tensor<4x3xf32>) init(%i : tensor<3xf32>) {
  ^bb0(%xt: tensor<3xf32>, %h: tensor<3xf32>):
    sl.yield %h : tensor<3xf32>
  } -> tensor<5x3xf32>
  return
}

// -----

func.func @kernel_args(%x: tensor<?xf32>) {
  // expected-error @+1 {{body must take one argument per input (1), got 0}}
  %0 = sl.kernel ins(%x : tensor<?xf32>) {
  ^bb0():
    %c = arith.constant dense<0.0> : tensor<2xf32>
    sl.yield %c : tensor<2xf32>
  } -> tensor<2xf32>
  return
}

// -----

func.func @kernel_arg_types(%x: tensor<?xf32>) {
  // expected-error @+1 {{body argument types must match the inputs}}
  %0 = sl.kernel ins(%x : tensor<?xf32>) {
  ^bb0(%a: tensor<?xf64>):
    %c = arith.constant dense<0.0> : tensor<2xf32>
    sl.yield %c : tensor<2xf32>
  } -> tensor<2xf32>
  return
}

// -----

func.func @kernel_yield(%x: tensor<?xf32>) {
  // expected-error @+1 {{body must yield the kernel's result types}}
  %0 = sl.kernel ins(%x : tensor<?xf32>) {
  ^bb0(%a: tensor<?xf32>):
    sl.yield %a : tensor<?xf32>
  } -> tensor<2xf32>
  return
}

// -----

func.func @structure_letter(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{structure entry 'q' is not one of 0, 1, v, c}}
  %0 = "sl.scan"(%n, %i) <{semiring = 0 : i32, axis = -2 : i64, matrix = #sl.structure<"q">, forcing = #sl.structure<"0">, operandSegmentSizes = array<i32: 1, 0, 0, 1>}> : (index, tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @structure_generic_forcing_one(%n: index, %i: tensor<?xf32>) {
  // expected-error @+1 {{forcing entry '1' is not one of 0, v, c}}
  %0 = "sl.scan"(%n, %i) <{semiring = 0 : i32, axis = -2 : i64, matrix = #sl.structure<"1">, forcing = #sl.structure<"1">, operandSegmentSizes = array<i32: 1, 0, 0, 1>}> : (index, tensor<?xf32>) -> tensor<?x?xf32>
  return
}
