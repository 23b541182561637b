//===- HostFeatures.h - Which instruction-set features this CPU has -------===//
//
// An artifact's kernels are machine code for the CPU `sluice compile` ran on
// (manifest: "cpu" and LLVM's "features" list). Loading it elsewhere must
// fail with a message, not die of an illegal instruction in a kernel.
//
//===----------------------------------------------------------------------===//

#ifndef SLUICE_RUNTIME_CPU_HOSTFEATURES_H
#define SLUICE_RUNTIME_CPU_HOSTFEATURES_H

#include <optional>
#include <string>
#include <vector>

namespace sluice::runtime {

/// Whether this CPU, with its operating system's support for the register
/// state (XCR0), can run code that uses the x86 instruction-set feature
/// `name`, spelled as in LLVM's feature strings ("avx512bw", "lzcnt",
/// "f16c"); nullopt for a name this does not check (features LLVM does not
/// emit into arithmetic code, such as "xsaves" or "shstk", and other
/// architectures' features).
std::optional<bool> hostHasFeature(const std::string &name);

/// The features that LLVM's `features` ("+avx2,+fma,-xop,...") enables and
/// this CPU lacks, in the list's order ("-" entries and unchecked names are
/// skipped).
std::vector<std::string> missingHostFeatures(const std::string &features);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_CPU_HOSTFEATURES_H
