//===- SluiceDialect.td - The `sl` dialect ------------------*- tablegen -*-===//
#ifndef SLUICE_DIALECT
#define SLUICE_DIALECT

include "mlir/IR/OpBase.td"

def Sluice_Dialect : Dialect {
  let name = "sl";
  let summary = "The sluice graph IR for sequence models";
  let description = [{
    The `sl` dialect holds what the model language needs beyond upstream
    `arith`/`math`: explicit broadcasts, activations, matmul, reductions,
    prefix ops, shifts, the user's sequential recurrence (`sl.loop`), the
    parallel scan it becomes when it is linear in some semiring (`sl.scan`),
    and fused kernels (`sl.kernel`) with their `#sl.schedule`.

    All ops work on ranked tensors of floats; symbolic model dims are dynamic
    (`?`) dims whose runtime sizes come from the model's arguments.
  }];
  let cppNamespace = "::sluice::sl";
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Registers the attributes (SluiceAttrs.cpp, where their storage is
    /// complete).
    void registerAttributes();
  }];
}

class Sluice_Op<string mnemonic, list<Trait> traits = []>
    : Op<Sluice_Dialect, mnemonic, traits>;

#endif // SLUICE_DIALECT
