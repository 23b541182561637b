//===- IndexWidth.h - 32- or 64-bit index arithmetic for a call -*- C++ -*-===//
//
// Plan programs are built with 32-bit index arithmetic (KernelAbi.h,
// kIndex32Macro); a call whose sizes do not fit it runs the same source
// built with 64-bit indices, made on first need through the program cache.
//
//===----------------------------------------------------------------------===//

#ifndef SLUICE_RUNTIME_OPENCL_INDEXWIDTH_H
#define SLUICE_RUNTIME_OPENCL_INDEXWIDTH_H

#include "runtime/Plan.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

class Context;
class Program;

/// Whether a call of `plan` with `dims` (model dims, schedule dims and
/// counters) fits 32-bit index arithmetic: every dim and every plan
/// buffer's element count below `limit` (kNarrowIndexLimit; tests lower it).
bool fitsNarrowIndex(const Plan &plan, const std::vector<int64_t> &dims,
                     int64_t limit);

/// Whether build options `options` define kIndex32Macro, however spelled:
/// `-DSLUICE_INDEX_32`, `-D SLUICE_INDEX_32`, either with `=VALUE`.
bool definesNarrowIndex(const std::string &options);

/// `options` without the definitions of kIndex32Macro (the other options,
/// separated by single spaces).
std::string withoutNarrowIndex(const std::string &options);

/// The program the call runs: `program` itself, unless it was built with
/// 32-bit indices and the call does not fit them (`limit`); then its
/// source built without (Error when the program does not carry its source).
std::shared_ptr<const Program>
programForCall(Context &context, const std::shared_ptr<const Program> &program,
               const Plan &plan, const std::vector<int64_t> &dims,
               int64_t limit);

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_INDEXWIDTH_H
