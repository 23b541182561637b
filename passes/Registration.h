//===- Registration.h - The one place that registers sluice's pieces -----===//
#ifndef SLUICE_PASSES_REGISTRATION_H
#define SLUICE_PASSES_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace sluice {
/// Adds `sl` and the upstream dialects sluice's IR uses (func, arith, math,
/// tensor) to `registry`.
void registerAllDialects(mlir::DialectRegistry &registry);
/// Registers every sluice pass (the `sl-*` flags) and pipeline.
void registerAllPasses();
} // namespace sluice

#endif // SLUICE_PASSES_REGISTRATION_H
