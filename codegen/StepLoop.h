//===- StepLoop.h - The mark on loops that walk a scan's axis ---*- C++ -*-===//
//
// Kernel functions of the plan builder are shared by the backends; the one
// hint that crosses from the builder to the OpenCL printer without being an
// op is this discardable attribute on an scf.for.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_STEPLOOP_H
#define SLUICE_CODEGEN_STEPLOOP_H

namespace sluice::codegen {

/// Marks an scf.for that walks a scan's axis (KernelBuilder::
/// stepLoopCarried). Its steps' loads do not depend on the carried state,
/// so the OpenCL printer asks for the loop to be unrolled (SLUICE_STEP_LOOP,
/// OpenclEmitter.h), which puts several steps' loads in flight at once; the
/// CPU lowering ignores it (its look-back lanes are interleaved by hand).
constexpr const char *kSteppedLoopAttr = "sluice.step_loop";

} // namespace sluice::codegen

#endif // SLUICE_CODEGEN_STEPLOOP_H
