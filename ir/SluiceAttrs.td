//===- SluiceAttrs.td - `sl` attributes and enums -----------*- tablegen -*-===//
#ifndef SLUICE_ATTRS
#define SLUICE_ATTRS

include "ir/SluiceDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Sluice_ReduceKind : I32EnumAttr<"ReduceKind", "reduction kind", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"mean", 1>,
    I32EnumAttrCase<"max", 2>, I32EnumAttrCase<"min", 3>]> {
  let cppNamespace = "::sluice::sl";
}

def Sluice_CumulativeKind : I32EnumAttr<"CumulativeKind", "prefix op kind", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"prod", 1>,
    I32EnumAttrCase<"max", 2>, I32EnumAttrCase<"min", 3>,
    I32EnumAttrCase<"logsumexp", 4>]> {
  let cppNamespace = "::sluice::sl";
}

def Sluice_Semiring : I32EnumAttr<"Semiring", "the semiring a scan combines in", [
    // s = M*s + f with ordinary + and *
    I32EnumAttrCase<"linear", 0>,
    // s = max(M + s, f)
    I32EnumAttrCase<"max_plus", 1>,
    // s = min(M + s, f)
    I32EnumAttrCase<"min_plus", 2>,
    // s = logaddexp(M + s, f)
    I32EnumAttrCase<"log_add_exp", 3>]> {
  let cppNamespace = "::sluice::sl";
}

def Sluice_Entry : I32EnumAttr<"Entry", "an entry of a scan's structure", [
    // structurally zero
    I32EnumAttrCase<"zero", 0>,
    // the semiring's one (identity)
    I32EnumAttrCase<"one", 1>,
    // an operand that varies over the scan axis
    I32EnumAttrCase<"varying", 2>,
    // an operand that does not (time-invariant)
    I32EnumAttrCase<"invariant", 3>]> {
  let cppNamespace = "::sluice::sl";
  let genSpecializedAttr = 0;
}

def Sluice_StructureAttr : AttrDef<Sluice_Dialect, "Structure"> {
  let mnemonic = "structure";
  let summary = "Which entries of a scan's matrix or forcing are zero, one or operands";
  let description = [{
    The entries of an `sl.scan`'s `k x k` matrix (row-major) or of its `k`
    forcing terms, each `zero`, `one` (the semiring's identity), `varying`
    (an operand with the scan axis) or `invariant` (an operand without).
    Printed and parsed in a compact spelling, one character per entry
    (`0`, `1`, `v`, `c`): `#sl.structure<"vc10">`; the `sl.scan` assembly
    writes only the quoted string (`matrix "vc10"`).
  }];
  let parameters = (ins ArrayRefParameter<"::sluice::sl::Entry", "entries">:$entries);
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = [{
    /// The number of entries.
    size_t size() const { return getEntries().size(); }
    /// Entry `i` (row-major for a matrix).
    Entry at(size_t i) const { return getEntries()[i]; }
    /// Entry (row, col) of a k x k matrix.
    Entry at(int64_t row, int64_t col, int64_t k) const {
      return getEntries()[row * k + col];
    }
    /// How many entries are operands (varying or invariant).
    size_t operandCount() const;
    /// How many entries are not structurally zero.
    size_t nonZeroCount() const;
    /// True when some entry is `kind`.
    bool contains(Entry kind) const;
    /// True for a k x k matrix with no non-zero entry off the diagonal.
    bool isDiagonal(int64_t k) const;
    /// The compact spelling ("vc10").
    std::string str() const;
    /// The character of an entry in the compact spelling.
    static char letter(Entry kind);
    /// The entry spelled by `c`, or failure for another character.
    static mlir::FailureOr<Entry> fromLetter(char c);
    /// The structure spelled `compact`; every character must be 0, 1, v or c.
    static StructureAttr get(mlir::MLIRContext *context, llvm::StringRef compact);
  }];
}

def Sluice_ScheduleTarget : I32EnumAttr<"ScheduleTarget",
    "the target a schedule was chosen for", [
    // the LLVM JIT on TBB threads (codegen/TargetInfo.h: TargetInfo::cpu)
    I32EnumAttrCase<"cpu", 0>,
    // OpenCL C on a device (TargetInfo::opencl)
    I32EnumAttrCase<"opencl", 1>]> {
  let cppNamespace = "::sluice::sl";
  let genSpecializedAttr = 0;
}

def Sluice_ScanStrategy : I32EnumAttr<"ScanStrategy", "how a scan runs in parallel", [
    // each work item owns a run of channels and walks T
    I32EnumAttrCase<"channel_parallel", 0>,
    // T cut into blocks of `lanes` x `lane_steps` steps: aggregate, carry
    // (decoupled look-back), apply; the CPU and OpenCL run it alike
    I32EnumAttrCase<"lookback", 1>,
    // both alternatives in the plan, one chosen per call by the channel
    // count (channel-parallel from `channel_threshold` channels)
    I32EnumAttrCase<"automatic", 2, "auto">]> {
  let cppNamespace = "::sluice::sl";
  let genSpecializedAttr = 0;
}

def Sluice_Fusion : I32EnumAttr<"Fusion",
    "whether an element-wise value is computed inside its readers' kernels", [
    // computed inside the kernel of every op that reads it (never stored)
    I32EnumAttrCase<"inlined", 0, "inline">,
    // stored: a model output
    I32EnumAttrCase<"store_result", 1>,
    // stored: read by several ops and costlier to recompute in each than
    // the fusion budget allows
    I32EnumAttrCase<"store_shared", 2>,
    // stored: the chain of element-wise ops computed inline would be
    // deeper than the code generator's bound
    I32EnumAttrCase<"store_deep", 3>,
    // stored: the expression computed inline would have more ops than the
    // code generator's bound
    I32EnumAttrCase<"store_wide", 4>,
    // stored: fusion is off (`--no-fusion`)
    I32EnumAttrCase<"store_unfused", 5>,
    // stored: a transcendental value (exp, log, an activation, ...) that a
    // broadcast stretches over more elements, each of which would compute
    // it again (a gate per (t, head) read by every state element)
    I32EnumAttrCase<"store_broadcast", 6>]> {
  let cppNamespace = "::sluice::sl";
  let genSpecializedAttr = 0;
}

def Sluice_FusionAttr : EnumAttr<Sluice_Dialect, Sluice_Fusion, "fusion"> {
  let summary = "What sl-fuse decided for one element-wise op";
  let description = [{
    Set by `sl-fuse` on every element-wise op (and `sl.shift`) under the
    discardable name `sl.fusion`: `#sl.fusion<inline>` (computed inside the
    kernel of each op that reads it) or one of the `store_*` reasons (its
    own kernel writes it to a buffer). The code generator obeys it.
  }];
  let assemblyFormat = "`<` $value `>`";
}

def Sluice_ScheduleAttr : AttrDef<Sluice_Dialect, "Schedule"> {
  let mnemonic = "schedule";
  let summary = "How a scan runs on its target: strategy, block sizes, guard";
  let description = [{
    Chosen by `sl-schedule` for one `sl.scan` on one target (it sits on the
    scan until `sl-fuse` outlines kernels; `sl.kernel` takes the same
    attribute). The CPU code generator lowers it and makes no choice of its
    own.
    - `target`: `cpu` or `opencl`, the target whose numbers
      (codegen/TargetInfo.h) it holds; code generation for another target
      refuses it.
    - `strategy`: `channel_parallel` (each work item owns channels and walks
      T), `lookback` (T in blocks: each block's lanes reduce to aggregate
      maps, the carry follows the previous block's, the lanes re-run from
      it), or `auto`: both in the plan, a call runs channel-parallel when
      the channel count C (the product of the non-scan dims) is at least
      `channel_threshold` (times the run time's threads, or OpenCL compute
      units, with `per_unit`), else look-back.
    - `lanes`, `lane_steps`: a look-back block is `lanes` interleaved lanes
      of `lane_steps` steps (its chunk of T is their product).
    - `fuse_reduction`: the state is read only by a sum or mean over one of
      its dims and the target fuses that pair into one kernel that never
      stores the state. CPU: a kernel of its own whatever the channel count
      (codegen/cpu/ScanReduceKernel.cpp); OpenCL: the channel-parallel
      alternative, in work-groups (codegen/cpu/ScanReduceGroupKernel.cpp),
      while the look-back alternative keeps the scan and the sum apart.
    - `fuse_epilogue` (only with `fuse_reduction`): the sum's result is read
      only by one element-wise op of its shape (a skip connection
      `sum(C * x, N) + D * u`), which the fused kernel computes at the sum's
      store, so the sum is never stored either. The code generator checks
      that the op is stored (not computed inline by its own readers) and
      that every other value it reads is at hand when the scan kernel runs,
      and stores the sum otherwise. CPU only (TargetInfo::fuseScanEpilogues).

    - `runtime_chunk`: the look-back's steps per lane are chosen per call
      (a plan dim `lookback_chunk#N` the executor binds: OpenCL's tuning
      cache, else a rule from the shape and the device); `lane_steps` is
      then not used. Set where the target chooses it at run time
      (TargetInfo::runtimeLaneSteps) and no chunk is forced.

    - `lookback_min_steps` (only with `auto`): a second guard, on the
      length T of the scanned axis: the look-back runs only from this many
      steps, channel-parallel below whatever the channel count. Below one
      block the look-back has no second worker to hand a block to; its
      lanes' composed maps pay for its three passes only from some length,
      which the cost model gives per map (TargetInfo::lookbackMinSteps,
      coupledLookbackMinSteps). 0: no second guard.

    `channel_threshold` and `per_unit` are given only with `auto`,
    `fuse_reduction` never with `lookback`, `fuse_epilogue` only with
    `fuse_reduction`, `runtime_chunk` never with `channel_parallel`.

    Example: `#sl.schedule<target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>`
  }];
  let parameters = (ins
    EnumParameter<Sluice_ScheduleTarget>:$target,
    EnumParameter<Sluice_ScanStrategy>:$strategy,
    "int64_t":$lanes,
    "int64_t":$lane_steps,
    DefaultValuedParameter<"int64_t", "0">:$channel_threshold,
    DefaultValuedParameter<"bool", "false">:$per_unit,
    DefaultValuedParameter<"bool", "false">:$fuse_reduction,
    DefaultValuedParameter<"bool", "false">:$fuse_epilogue,
    DefaultValuedParameter<"bool", "false">:$runtime_chunk,
    DefaultValuedParameter<"int64_t", "0">:$lookback_min_steps);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Steps of T per look-back block (`lanes` x `lane_steps`).
    int64_t blockSteps() const { return getLanes() * getLaneSteps(); }
  }];
}

#endif // SLUICE_ATTRS
