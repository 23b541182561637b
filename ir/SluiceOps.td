//===- SluiceOps.td - `sl` operations -----------------------*- tablegen -*-===//
#ifndef SLUICE_OPS
#define SLUICE_OPS

include "ir/SluiceDialect.td"
include "ir/SluiceAttrs.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def Sluice_FloatTensor : RankedTensorOf<[AnyFloat]>;

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

def Sluice_BroadcastOp : Sluice_Op<"broadcast", [Pure]> {
  let summary = "NumPy-style broadcast to a larger shape";
  let description = [{
    Operand dim `i` becomes result dim `dims[i]` (strictly increasing); every
    operand dim either equals its result dim or has static size 1 (it
    stretches); result dims not named in `dims` are new. `sizes` gives the
    runtime size of each dynamic result dim that no dynamic operand dim
    maps to (new dims and stretched ones), in order.
    `expand_dims` is a broadcast whose new dim has static size 1.

    ```mlir
    %b = sl.broadcast %x dims [1] sizes(%B, %D) : tensor<?xf32> -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Sluice_FloatTensor:$input, DenseI64ArrayAttr:$dims,
                       Variadic<Index>:$sizes);
  let results = (outs Sluice_FloatTensor:$result);
  let assemblyFormat = [{
    $input `dims` $dims (`sizes` `(` $sizes^ `)`)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The number of dynamic result dims whose size `sizes` must give.
    int64_t getNumNewDynamicDims();
  }];
}

def Sluice_ShiftOp : Sluice_Op<"shift", [Pure, SameOperandsAndResultType]> {
  let summary = "Delay along one axis, zero-filled";
  let description = [{
    `result[..., t, ...] = input[..., t - amount, ...]`, zero where
    `t - amount` is out of range. A negative amount shifts the other way.

    ```mlir
    %y = sl.shift %x axis 1 by 2 : tensor<?x?x?xf32>
    ```
  }];
  let arguments = (ins Sluice_FloatTensor:$input, I64Attr:$axis, I64Attr:$amount);
  let results = (outs Sluice_FloatTensor:$result);
  let assemblyFormat = "$input `axis` $axis `by` $amount attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Sluice_LastOp : Sluice_Op<"last", [Pure]> {
  let summary = "The slice at the last executed step of a scan";
  let description = [{
    The slice of `input` at index `size - 1` along `axis`, or at 0 when
    `reverse` (a reverse scan's last step is its first index). The axis is
    dropped from the result.

    ```mlir
    %hT = sl.last %h axis 1 : tensor<?x?x?xf32> -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Sluice_FloatTensor:$input, I64Attr:$axis, UnitAttr:$reverse);
  let results = (outs Sluice_FloatTensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis (`reverse` $reverse^)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Element-wise activations without an upstream op
//===----------------------------------------------------------------------===//

class Sluice_UnaryOp<string mnemonic, string formula>
    : Sluice_Op<mnemonic, [Pure, Elementwise, SameOperandsAndResultType]> {
  let summary = "Element-wise " # mnemonic;
  let description = "Element-wise `" # formula # "`.\n\n```mlir\n%y = sl." #
      mnemonic # " %x : tensor<?x?xf32>\n```";
  let arguments = (ins Sluice_FloatTensor:$input);
  let results = (outs Sluice_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Sluice_SigmoidOp : Sluice_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def Sluice_SoftplusOp : Sluice_UnaryOp<"softplus", "log(1 + exp(x))">;
def Sluice_SiluOp : Sluice_UnaryOp<"silu", "x * sigmoid(x)">;
def Sluice_GeluOp : Sluice_UnaryOp<"gelu", "x * (1 + erf(x / sqrt(2))) / 2">;

//===----------------------------------------------------------------------===//
// Matmul and reductions
//===----------------------------------------------------------------------===//

def Sluice_MatmulOp : Sluice_Op<"matmul", [Pure]> {
  let summary = "Vector-matrix product over the last dim";
  let description = [{
    `lhs` is `[..., K]`; `rhs` is `[K, N]` (shared by every row), or
    `[L..., K, N]` where `L...` equals the leading dims of `lhs` (a batched
    vector-matrix product). The result is `[..., N]`.

    ```mlir
    %y = sl.matmul %x, %W : tensor<?x?x?xf32>, tensor<?x?xf32> -> tensor<?x?x?xf32>
    ```
  }];
  let arguments = (ins Sluice_FloatTensor:$lhs, Sluice_FloatTensor:$rhs);
  let results = (outs Sluice_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Sluice_ReduceOp : Sluice_Op<"reduce", [Pure]> {
  let summary = "Sum, mean, max or min over one axis";
  let description = [{
    Reduces `axis`; with `keepdims` the axis stays with static size 1.

    ```mlir
    %m = sl.reduce mean %x axis 2 keepdims : tensor<?x?x?xf32> -> tensor<?x?x1xf32>
    ```
  }];
  let arguments = (ins Sluice_ReduceKind:$kind, Sluice_FloatTensor:$input,
                       I64Attr:$axis, UnitAttr:$keepdims);
  let results = (outs Sluice_FloatTensor:$result);
  let assemblyFormat = [{
    $kind $input `axis` $axis (`keepdims` $keepdims^)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Sluice_CumulativeOp : Sluice_Op<"cumulative", [Pure, SameOperandsAndResultType]> {
  let summary = "Prefix sum, product, max, min or log-sum-exp along an axis";
  let description = [{
    ONNX CumSum semantics: `exclusive` leaves out the current element (the
    first result is the identity: 0, 1, -inf, +inf, -inf), `reverse` runs
    from the end. `sl-cumulative-to-scan` turns it into an `sl.scan`.

    ```mlir
    %c = sl.cumulative sum %x axis 1 reverse exclusive : tensor<?x?x?xf32>
    ```
  }];
  let arguments = (ins Sluice_CumulativeKind:$kind, Sluice_FloatTensor:$input,
                       I64Attr:$axis, UnitAttr:$reverse, UnitAttr:$exclusive);
  let results = (outs Sluice_FloatTensor:$result);
  let assemblyFormat = [{
    $kind $input `axis` $axis (`reverse` $reverse^)? (`exclusive` $exclusive^)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Recurrences
//===----------------------------------------------------------------------===//

def Sluice_YieldOp : Sluice_Op<"yield", [Pure, Terminator, ReturnLike,
    ParentOneOf<["LoopOp", "KernelOp"]>]> {
  let summary = "Ends an `sl.loop` step or an `sl.kernel` body";
  let description = [{
    In `sl.loop`: the new value of each state at this step, in state order.
    In `sl.kernel`: the kernel's results.
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{ /* nothing */ }]>];
}

def Sluice_LoopOp : Sluice_Op<"loop", [RecursiveMemoryEffects,
    IsolatedFromAbove, SingleBlockImplicitTerminator<"YieldOp">,
    AttrSizedOperandSegments]> {
  let summary = "A sequential recurrence over one axis, as the user wrote it";
  let description = [{
    Runs its body for `t = 0 .. steps-1` (`reverse`: from the end). The scan
    axis is given counted from the end, as in NumPy (`axis = -2` is the
    second-to-last dim), because the tensors of one loop may have different
    ranks; every sequence operand and every result has the scan axis there.

    Operands: `seq` tensors sliced at `t` (each entry block argument is the
    slice, the scan axis removed), `inv` tensors passed whole, and `init`
    values: for state `i` with lag `lags[i]`, its values `1 .. lags[i]` steps
    before the first step, each of the state's slice type.

    The body's arguments are the seq slices, the invariants, then for each
    state `i` its values at `t-1, ..., t-lags[i]`. It yields each state's
    new slice; result `i` stacks state `i` over all steps.

    ```mlir
    %h = sl.loop steps(%T) axis -2 lags [1]
        seq(%x : tensor<?x?x?xf32>) inv(%w : tensor<?xf32>)
        init(%z : tensor<?x?xf32>) {
    ^bb0(%xt: tensor<?x?xf32>, %w0: tensor<?xf32>, %h1: tensor<?x?xf32>):
      ...
      sl.yield %hn : tensor<?x?xf32>
    } -> tensor<?x?x?xf32>
    ```
  }];
  let arguments = (ins Index:$steps, I64Attr:$axis, UnitAttr:$reverse,
                       DenseI64ArrayAttr:$lags,
                       Variadic<Sluice_FloatTensor>:$seqs,
                       Variadic<Sluice_FloatTensor>:$invariants,
                       Variadic<Sluice_FloatTensor>:$inits);
  let results = (outs Variadic<Sluice_FloatTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `steps` `(` $steps `)` `axis` $axis (`reverse` $reverse^)? `lags` $lags
    (`seq` `(` $seqs^ `:` type($seqs) `)`)?
    (`inv` `(` $invariants^ `:` type($invariants) `)`)?
    (`init` `(` $inits^ `:` type($inits) `)`)?
    $body attr-dict `->` type($results)
  }];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The yield of the body.
    YieldOp getYield();
    /// Block argument holding state `state` at lag `lag` (1-based).
    mlir::BlockArgument getStateArg(unsigned state, unsigned lag);
    /// The operand index of the first init of `state`.
    unsigned getFirstInitIndex(unsigned state);
  }];
}

def Sluice_ScanOp : Sluice_Op<"scan", [Pure, AttrSizedOperandSegments]> {
  let summary = "A parallel scan of a linear recurrence in a semiring";
  let description = [{
    The state vector `s` of size `k` follows `s[t] = M[t] (x) s[t-1] (+) f[t]`
    in `semiring`: `linear` is `M*s + f`, `max_plus` is `max(M + s, f)`,
    `min_plus` is `min(M + s, f)`, `log_add_exp` is `logaddexp(M + s, f)`.
    The recurrence is associative, so it runs as a parallel scan.

    `matrix` (a `#sl.structure`, written as its compact string) describes
    the `k*k` entries of `M`, row-major, one character each: `0` structurally zero, `1` the semiring's one (identity), `v` an
    operand that varies over the scan axis, `c` an operand that does not
    (time-invariant). `forcing` describes the `k` entries of `f` the same
    way (`0`, `v` or `c`). `coeffs` holds the operands for the `v`/`c`
    entries of `M` in order, `inputs` those of `f`. A varying operand has
    the scan axis (counted from the end, as in `sl.loop`); an invariant one
    does not. Every operand broadcasts to the state's slice shape. `inits`
    gives `s[-1]` (k slices). With `exclusive`, result `t` is the state
    before step `t` (`s[t-1]`, the init first). Result `i` is component
    `i` of the state over all steps.

    With `absorbing_zero`, a coefficient operand equal to the semiring's
    zero (0, -inf, +inf, -inf) absorbs whatever it multiplies:
    `zero (x) s = zero` even when `s` is infinite or NaN (IEEE would give
    NaN). Recognition sets it on scans built from a `where` whose branch
    does not read the state (a reset): the loop never reads the state
    there, so an overflowed state before a reset must not leak through.
    Coefficients of scans without it follow IEEE arithmetic.

    `schedule` (a `#sl.schedule`, in the attribute dictionary) is how the
    scan runs on its target: `sl-schedule` attaches it, the code generator
    lowers it. It sits on the scan until `sl-fuse` outlines kernels
    (`sl.kernel` carries the same attribute); a scan without one is
    scheduled by the code generator with `sl-schedule`'s defaults.

    ```mlir
    // h[t] = a[t] * h[t-1] + b[t]
    %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
        coeffs(%a : tensor<?x?x?xf32>) inputs(%b : tensor<?x?x?xf32>)
        init(%h0 : tensor<?x?xf32>) -> tensor<?x?x?xf32>
    ```
  }];
  let arguments = (ins Sluice_Semiring:$semiring, Index:$steps, I64Attr:$axis,
                       UnitAttr:$reverse, UnitAttr:$exclusive,
                       Sluice_StructureAttr:$matrix, Sluice_StructureAttr:$forcing,
                       Variadic<Sluice_FloatTensor>:$coeffs,
                       Variadic<Sluice_FloatTensor>:$inputs,
                       Variadic<Sluice_FloatTensor>:$inits,
                       UnitAttr:$absorbing_zero,
                       OptionalAttr<Sluice_ScheduleAttr>:$schedule);
  let results = (outs Variadic<Sluice_FloatTensor>:$results);
  let builders = [
    // Without absorbing_zero (every scan but a reset's).
    OpBuilder<(ins "::mlir::TypeRange":$resultTypes,
                   "SemiringAttr":$semiring, "::mlir::Value":$steps,
                   "::mlir::IntegerAttr":$axis, "::mlir::UnitAttr":$reverse,
                   "::mlir::UnitAttr":$exclusive, "StructureAttr":$matrix,
                   "StructureAttr":$forcing, "::mlir::ValueRange":$coeffs,
                   "::mlir::ValueRange":$inputs, "::mlir::ValueRange":$inits), [{
      build($_builder, $_state, resultTypes, semiring, steps, axis, reverse,
            exclusive, matrix, forcing, coeffs, inputs, inits,
            ::mlir::UnitAttr(), ScheduleAttr());
    }]>
  ];
  let assemblyFormat = [{
    $semiring `steps` `(` $steps `)` `axis` $axis (`reverse` $reverse^)?
    (`exclusive` $exclusive^)? (`absorbing_zero` $absorbing_zero^)?
    `matrix` custom<MatrixStructure>($matrix)
    `forcing` custom<ForcingStructure>($forcing)
    (`coeffs` `(` $coeffs^ `:` type($coeffs) `)`)?
    (`inputs` `(` $inputs^ `:` type($inputs) `)`)?
    (`init` `(` $inits^ `:` type($inits) `)`)?
    attr-dict `->` type($results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The state size k.
    int64_t getStateSize() { return getResults().size(); }
    /// True when M has no off-diagonal operand or one entry.
    bool isDiagonal();
  }];
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

def Sluice_KernelOp : Sluice_Op<"kernel", [RecursiveMemoryEffects,
    IsolatedFromAbove, SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "A fused unit of work: one launch on the target";
  let description = [{
    Its body (isolated from above) computes the results from the operands,
    which are its entry block's arguments; it typically holds one `sl.scan`
    with its element-wise prologue and epilogue, so the kernel reads each
    input once and writes each output once. `sl-schedule` attaches a
    `schedule` attribute.

    ```mlir
    %y = sl.kernel ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) {
    ^bb0(%a0: tensor<?x?xf32>, %b0: tensor<?x?xf32>):
      %s = arith.addf %a0, %b0 : tensor<?x?xf32>
      sl.yield %s : tensor<?x?xf32>
    } {schedule = #sl.schedule<target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 4112>} -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$inputs,
                       OptionalAttr<Sluice_ScheduleAttr>:$schedule);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`ins` `(` $inputs^ `:` type($inputs) `)`)? $body attr-dict `->` type($results)
  }];
  let hasRegionVerifier = 1;
}

#endif // SLUICE_OPS
