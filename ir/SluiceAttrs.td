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
