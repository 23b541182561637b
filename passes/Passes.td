//===- Passes.td - sluice graph passes ----------------------*- tablegen -*-===//
//
// The passes of the `recognized` stage (see buildRecognizePipeline in
// Passes.h): stabilised exp pairs share one exp, closed forms are
// stabilised, `sl.loop`s whose update is affine
// in the previous states become `sl.scan`s, prefix ops become `sl.scan`s.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_PASSES
#define SLUICE_PASSES

include "mlir/Pass/PassBase.td"

def SlRecognizeRecurrences : Pass<"sl-recognize-recurrences"> {
  let summary = "Turn `sl.loop`s that are linear in some semiring into `sl.scan`s";
  let description = [{
    Classifies every value of an `sl.loop` body by its dependence on the
    states of earlier steps (invariant, affine, non-linear; see
    docs/RECOGNITION.md). A state whose new value is affine in the previous
    states, in the ordinary (`+`, `*`) semiring or in max-plus, min-plus or
    log-add-exp, becomes a component of an `sl.scan`: a state of order `k`
    (`y[t-k]` read) takes `k` components in companion form
    `(y[t], y[t-1], ..., y[t-k+1])`; coupled states share one scan, states
    that do not read each other get separate scans. The coefficients and
    forcing terms are computed before the loop on whole tensors (time-varying
    ones keep the scan axis and are marked `v` in `matrix`/`forcing`,
    time-invariant ones are marked `c`), structural zeros and ones are `0`
    and `1`.

    ```mlir
    // h[t] = a[t] * h[t-1] + b[t]
    %h = sl.loop steps(%T) axis -2 lags [1]
        seq(%a, %b : tensor<?x?x?xf32>, tensor<?x?x?xf32>)
        init(%h0 : tensor<?x?xf32>) {
    ^bb0(%at: tensor<?x?xf32>, %bt: tensor<?x?xf32>, %h1: tensor<?x?xf32>):
      %m = arith.mulf %at, %h1 : tensor<?x?xf32>
      %n = arith.addf %m, %bt : tensor<?x?xf32>
      sl.yield %n : tensor<?x?xf32>
    } -> tensor<?x?x?xf32>
    // becomes
    %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
        coeffs(%a : tensor<?x?x?xf32>) inputs(%b : tensor<?x?x?xf32>)
        init(%h0 : tensor<?x?xf32>) -> tensor<?x?x?xf32>
    ```

    A loop whose non-linear states only read the linear ones is split: the
    linear states become scans whose results feed the remaining `sl.loop`
    as sequence operands, and the remaining loop is recognised again (a
    state non-linear only through a split-off one, mLSTM's `C` given `m`,
    becomes a scan; one that carries nothing becomes element-wise), until a
    round makes no progress. Everything else stays an `sl.loop`. Each scan block
    gets one remark at the loop's location saying what it became, or which
    op (by its user-facing name and source line) keeps it sequential; a
    state coupled across channels (`h @ W`) is linear but stays sequential.
  }];
  let options = [
    Option<"split", "split", "bool", /*default=*/"true",
           "Split a loop whose non-linear states only read its linear ones">,
    Option<"tropical", "tropical", "bool", /*default=*/"true",
           "Also recognise max-plus, min-plus and log-add-exp recurrences">,
  ];
  let dependentDialects = [
    "::sluice::sl::SluiceDialect", "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

def SlShareStabilizedExps : Pass<"sl-share-stabilized-exps"> {
  let summary = "One `exp` for `exp(x - max(x, y))` and `exp(y - max(x, y))`";
  let description = [{
    A stabilised recurrence (RWKV-4's WKV, mLSTM) exponentiates both
    candidates of a running maximum. One of the two exponents is 0 and the
    other `-|x - y|`, so the pair becomes one `exp` and two selects, with the
    pair's results bit for bit (NaN where the pair gives NaN):

    ```mlir
    %m = arith.maximumf %x, %y : tensor<?x?xf32>
    %a = arith.subf %x, %m : tensor<?x?xf32>
    %ea = math.exp %a : tensor<?x?xf32>
    %b = arith.subf %y, %m : tensor<?x?xf32>
    %eb = math.exp %b : tensor<?x?xf32>
    // becomes
    %d = arith.subf %x, %y : tensor<?x?xf32>
    %z = math.exp (negf (absf %d))
    %c = arith.cmpf oge, %x, %y : tensor<?x?xf32>
    %ea = arith.select %c, (%a + 1), %z
    %eb = arith.select %c, %z, (%b + 1)
    ```

    A subtraction's first operand matches `x` when it computes the same
    thing (IRGen spells a repeated expression twice). It runs on `sl.loop`
    bodies too, first in the `recognized` stage, so that a pair whose
    maximum is a state (`p[t] = max(p[t-1] - w, k[t])`, read as
    `exp(p[t-1] - w - p[t])`) is seen before the state becomes a scan.
  }];
  let dependentDialects = [
    "::sluice::sl::SluiceDialect", "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

def SlCumulativeToScan : Pass<"sl-cumulative-to-scan"> {
  let summary = "Turn every `sl.cumulative` into an `sl.scan`";
  let description = [{
    Each prefix op becomes a one-component scan along its axis, with the
    operation's identity as the init and `reverse`/`exclusive` carried over:

    | kind        | semiring      | matrix | forcing | coeffs | inputs | init |
    | ----------- | ------------- | ------ | ------- | ------ | ------ | ---- |
    | `sum`       | `linear`      | `1`    | `v`     |        | x      | 0    |
    | `prod`      | `linear`      | `v`    | `0`     | x      |        | 1    |
    | `max`       | `max_plus`    | `1`    | `v`     |        | x      | -inf |
    | `min`       | `min_plus`    | `1`    | `v`     |        | x      | +inf |
    | `logsumexp` | `log_add_exp` | `1`    | `v`     |        | x      | -inf |

    ```mlir
    %c = sl.cumulative sum %x axis 1 : tensor<?x?xf32>
    // becomes
    %z = sl.broadcast %zero dims [] sizes(%B) : tensor<f32> -> tensor<?xf32>
    %c = sl.scan linear steps(%T) axis -1 matrix "1" forcing "v"
        inputs(%x : tensor<?x?xf32>) init(%z : tensor<?xf32>) -> tensor<?x?xf32>
    ```
    Each op gets a remark (`cumsum became a parallel linear scan`).
  }];
  let dependentDialects = [
    "::sluice::sl::SluiceDialect", "::mlir::arith::ArithDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def SlContractStates : Pass<"sl-contract-states"> {
  let summary = "A scan's state times a vector (`q @ S`) as a sum over the state's dim";
  let description = [{
    A batched vector-matrix product whose matrix is a scan's result,
    `sl.matmul %q, %S` with `%q : [L..., K]` and `%S : [L..., K, N]` (GLA's
    and RetNet's `o = q @ S`, mLSTM's `C @ q` written the other way), is the
    sum over `K` of `q` broadcast along `N` times `S`: the form
    `sl-schedule` fuses into the scan's kernel (`fuse_reduction`), so the
    state over T is never stored, as for `sum(expand_dims(q, -1) * S, K)`
    written out. Products whose matrix is not a scan's state, or a state
    that something else reads too, stay matmuls.

    ```mlir
    %o = sl.matmul %q, %S : tensor<?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?xf32>
    // becomes
    %b = sl.broadcast %q dims [0, 1, 2] sizes(%N) : tensor<?x?x?xf32> -> tensor<?x?x?x?xf32>
    %p = arith.mulf %b, %S : tensor<?x?x?x?xf32>
    %o = sl.reduce sum %p axis 2 : tensor<?x?x?x?xf32> -> tensor<?x?x?xf32>
    ```
  }];
  let dependentDialects = [
    "::sluice::sl::SluiceDialect", "::mlir::arith::ArithDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def SlStabilizeClosedForms : Pass<"sl-stabilize-closed-forms"> {
  let summary = "Rewrite overflowing closed forms of linear recurrences as scans";
  let description = [{
    `exp(L) * cumsum(exp(-L) * u)` with `L = cumsum(l)` is the closed form
    of `h[t] = exp(l[t]) * h[t-1] + u[t]`, but `exp(-L)` overflows f32 after
    a few hundred steps. The pass rewrites it (and `exp(L) * cumsum(u / exp(L))`,
    and the cumprod twin `P * cumsum(u / P)` with `P = cumprod(p)`, which is
    `h[t] = p[t] * h[t-1] + u[t]`) into that single scan. Operands of `*` may
    come in either order; both prefix ops must share axis and direction and
    not be exclusive. Run it before `sl-cumulative-to-scan`.

    ```mlir
    %L = sl.cumulative sum %l axis 1 : tensor<?x?xf32>
    %n = arith.negf %L : tensor<?x?xf32>
    %e = math.exp %n : tensor<?x?xf32>
    %w = arith.mulf %e, %u : tensor<?x?xf32>
    %c = sl.cumulative sum %w axis 1 : tensor<?x?xf32>
    %E = math.exp %L : tensor<?x?xf32>
    %h = arith.mulf %E, %c : tensor<?x?xf32>
    // becomes
    %a = math.exp %l : tensor<?x?xf32>
    %h = sl.scan linear steps(%T) axis -1 matrix "v" forcing "v"
        coeffs(%a : tensor<?x?xf32>) inputs(%u : tensor<?x?xf32>)
        init(%z : tensor<?xf32>) -> tensor<?x?xf32>
    ```
  }];
  let dependentDialects = [
    "::sluice::sl::SluiceDialect", "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

def SlSchedule : Pass<"sl-schedule", "::mlir::func::FuncOp"> {
  let summary = "Attach a typed `#sl.schedule` to every `sl.scan`";
  let description = [{
    Chooses how each scan runs on the target (the `scheduled` stage) and
    records it as the scan's `schedule` attribute, which the code generator
    lowers without deciding anything itself. The numbers come from the
    target (codegen/TargetInfo.h: the CPU's 8 interleaved lanes of 4112
    steps per look-back block, channel-parallel from 2 channels per thread
    where the channels lie next to each other (dims after the scan axis)
    and 128 for rows, the look-back from 2048 steps, 32768 for a coupled k x
    k map; OpenCL's one lane of 256 steps and 768 channels per compute unit,
    384 for a coupled k x k map). The cost model today:
    `auto` (both strategies in the plan, channel-parallel when a call has at
    least `channel_threshold` channels per unit of parallelism, counted
    when it runs, or fewer than `lookback_min_steps` steps, else
    look-back), with `fuse_reduction` on a scan read only
    through a sum or mean of its state where the target fuses them (the
    CPU). The schedule sits on the scan until `sl-fuse` outlines kernels.

    ```mlir
    %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v" ...
        {schedule = #sl.schedule<target = cpu, strategy = auto, lanes = 8,
         lane_steps = 4112, channel_threshold = 2, per_unit = true,
         lookback_min_steps = 2048>}
        -> tensor<?x?x?xf32>
    ```

    `strategy` forces a strategy on every scan (`channel_parallel`,
    `lookback` or `auto`), `chunk` the steps of a look-back block (a
    multiple of the target's lanes); `sluice --schedule
    strategy=...,chunk=...` sets them.
  }];
  let options = [
    Option<"target", "target", "::sluice::sl::ScheduleTarget",
           /*default=*/"::sluice::sl::ScheduleTarget::cpu",
           "The target whose numbers the schedules take",
           [{::llvm::cl::values(
             clEnumValN(::sluice::sl::ScheduleTarget::cpu, "cpu",
                        "the LLVM JIT on TBB threads"),
             clEnumValN(::sluice::sl::ScheduleTarget::opencl, "opencl",
                        "OpenCL C on a device"))}]>,
    Option<"threads", "threads", "int", /*default=*/"0",
           "CPU: threads the channel guard assumes (0: counted at run time)">,
    Option<"strategy", "strategy", "std::string", /*default=*/"\"\"",
           "Force channel_parallel, lookback or auto on every scan">,
    Option<"chunk", "chunk", "int64_t", /*default=*/"0",
           "Force the steps of a look-back block (0: the target's)">,
  ];
}

def SlFuse : Pass<"sl-fuse", "::mlir::func::FuncOp"> {
  let summary = "Decide, for every element-wise value, computed inline or stored";
  let description = [{
    The `fused` stage: every element-wise op (arith/math on float tensors,
    sl activations, broadcasts, splat constants) and every `sl.shift` gets
    `sl.fusion = #sl.fusion<...>`: `inline` (computed inside the kernel of
    each op that reads it, scans and reductions included: a gate, an
    `exp`, an outer product `k^T v` or a broadcast is never stored) or
    `store_result` (a model output), `store_shared` (read by several ops and
    costlier than 24 ops to recompute in each), `store_broadcast` (a
    transcendental value, exp, log or an activation, that a broadcast
    spreads along two or more dims after its own: each element of a scan's
    state would compute it again),
    `store_deep` / `store_wide`
    (computed inline it would pass 512 ops deep or 1024 ops in all) or
    `store_unfused` (`fusion=false`, `--no-fusion`). Booleans are always
    inline. The code generator obeys the attribute and decides nothing
    itself (passes/FusionRules.h, which it also uses for IR that did not go
    through this pass).

    ```mlir
    %0 = math.exp %arg1 {sl.fusion = #sl.fusion<inline>} : tensor<?x?xf32>
    %1 = arith.mulf %0, %arg0 {sl.fusion = #sl.fusion<store_result>} : tensor<?x?xf32>
    ```
  }];
  let dependentDialects = ["::sluice::sl::SluiceDialect"];
  let options = [
    Option<"fusion", "fusion", "bool", /*default=*/"true",
           "False: store every element-wise value but booleans">,
  ];
}

#endif // SLUICE_PASSES
