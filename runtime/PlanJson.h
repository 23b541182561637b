//===- PlanJson.h - A plan to and from JSON ---------------------*- C++ -*-===//
//
// The `plan` member of an artifact manifest (docs/USAGE.md, "Artifact
// manifest"): every field of runtime::Plan except the kernel pointers,
// which the runtime binds by symbol (Step::name) when it loads the kernels.
// Reading validates every index (buffers, dims, counters, argument and
// result positions) so that a corrupt manifest is an error, never an
// out-of-bounds access when the plan runs. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_PLANJSON_H
#define SLUICE_RUNTIME_PLANJSON_H

#include "runtime/Json.h"
#include "runtime/Plan.h"

#include <string>

namespace sluice::runtime {

/// `plan` as a JSON object (no deferred steps: every kernel is listed by
/// its symbol), indented by `indent` spaces per level.
std::string planToJson(const Plan &plan, int indent = 2);

/// The plan described by `value`; kernels unbound. Throws json::JsonError
/// naming the member that is missing, of the wrong kind or out of range.
Plan planFromJson(const json::Value &value);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_PLANJSON_H
