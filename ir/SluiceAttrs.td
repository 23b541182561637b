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

def Sluice_ScheduleAttr : AttrDef<Sluice_Dialect, "Schedule"> {
  let mnemonic = "schedule";
  let summary = "How a kernel runs on its target: strategy and block sizes";
  let description = [{
    Chosen by `sl-schedule` for one `sl.kernel` on one target.
    - `strategy`: `sequential`, `channel_parallel` (each worker owns channels
      and walks T), `chunked` (reduce chunks, scan carries, re-run), or
      `lookback` (single pass with decoupled look-back, GPU).
    - `chunk`: steps of T per chunk; `tile`: channels per tile;
      `workgroup`: work-items per work-group (1 on CPU);
      `items`: steps each work-item holds in registers.

    Example: `#sl.schedule<strategy = "chunked", chunk = 4096, tile = 64, workgroup = 1, items = 1>`
  }];
  let parameters = (ins
    StringRefParameter<"strategy">:$strategy,
    "int64_t":$chunk,
    "int64_t":$tile,
    "int64_t":$workgroup,
    "int64_t":$items);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // SLUICE_ATTRS
