//===- SluiceAttrs.cpp - `sl` attributes ----------------------------------===//
//
// The attribute classes of the dialect (their storage, parser and printer,
// generated from SluiceAttrs.td) and their methods.
//
// Under AddressSanitizer, constructing an attribute's storage runs LLVM's
// BumpPtrAllocator inline in instrumented code, which poisons the slabs it
// starts; the uninstrumented libMLIR (Debian's) then hands out memory from
// those slabs without unpoisoning it, and every later read of an attribute
// allocated there is a false use-after-poison. So ASan builds default to
// allow_user_poisoning=0 (the allocator's own poisoning cannot work with an
// uninstrumented libMLIR anyway); ASAN_OPTIONS still overrides it.
//
//===----------------------------------------------------------------------===//

#include "ir/SluiceDialect.h"
#include "ir/SluiceOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace sluice::sl;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLUICE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SLUICE_ASAN 1
#endif
#ifdef SLUICE_ASAN
/// ASan's defaults for every program that links the dialect (see above).
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}
#endif

#define GET_ATTRDEF_CLASSES
#include "ir/SluiceAttrs.cpp.inc"

void SluiceDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "ir/SluiceAttrs.cpp.inc"
      >();
}

/// The longest look-back block a schedule may ask for (2^40 steps): the
/// kernels index T with i64, and `lanes * lane_steps` must not overflow.
static constexpr int64_t kMaxBlockSteps = int64_t(1) << 40;

LogicalResult ScheduleAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   ScheduleTarget target, ScanStrategy strategy,
                                   int64_t lanes, int64_t laneSteps,
                                   int64_t channelThreshold, bool perUnit,
                                   bool fuseReduction, bool fuseEpilogue,
                                   bool runtimeChunk,
                                   int64_t lookbackMinSteps) {
  if (lanes < 1)
    return emitError() << "schedule lanes must be at least 1 (got " << lanes
                       << ")";
  if (laneSteps < 1)
    return emitError() << "schedule lane_steps must be at least 1 (got "
                       << laneSteps << ")";
  if (laneSteps > kMaxBlockSteps / lanes)
    return emitError() << "schedule block of " << lanes << " x " << laneSteps
                       << " steps is longer than 2^40 steps";
  if (strategy == ScanStrategy::automatic) {
    if (channelThreshold < 1)
      return emitError() << "schedule strategy auto needs a channel_threshold "
                            "of at least 1 (got "
                         << channelThreshold << ")";
  } else if (channelThreshold != 0 || perUnit) {
    return emitError() << "schedule strategy "
                       << stringifyScanStrategy(strategy)
                       << " has no channel guard (channel_threshold and "
                          "per_unit are for auto)";
  }
  if (lookbackMinSteps < 0)
    return emitError() << "schedule lookback_min_steps must not be negative "
                          "(got "
                       << lookbackMinSteps << ")";
  if (lookbackMinSteps > 0 && strategy != ScanStrategy::automatic)
    return emitError() << "schedule strategy "
                       << stringifyScanStrategy(strategy)
                       << " has no guard on its steps (lookback_min_steps is "
                          "for auto)";
  if (strategy == ScanStrategy::lookback && fuseReduction)
    return emitError() << "schedule strategy lookback cannot fuse_reduction "
                          "(the fused scan-reduce walks T per work item)";
  if (fuseEpilogue && !fuseReduction)
    return emitError() << "schedule fuse_epilogue needs fuse_reduction (the "
                          "epilogue reads the fused sum)";
  if (strategy == ScanStrategy::channel_parallel && runtimeChunk)
    return emitError() << "schedule strategy channel_parallel has no "
                          "look-back whose chunk runtime_chunk would choose";
  return success();
}

//===----------------------------------------------------------------------===//
// StructureAttr
//===----------------------------------------------------------------------===//

char StructureAttr::letter(Entry kind) {
  switch (kind) {
  case Entry::zero:
    return '0';
  case Entry::one:
    return '1';
  case Entry::varying:
    return 'v';
  case Entry::invariant:
    return 'c';
  }
  return '?';
}

FailureOr<Entry> StructureAttr::fromLetter(char c) {
  switch (c) {
  case '0':
    return Entry::zero;
  case '1':
    return Entry::one;
  case 'v':
    return Entry::varying;
  case 'c':
    return Entry::invariant;
  default:
    return failure();
  }
}

StructureAttr StructureAttr::get(MLIRContext *context, StringRef compact) {
  SmallVector<Entry> entries;
  for (char c : compact) {
    FailureOr<Entry> e = fromLetter(c);
    assert(succeeded(e) && "structure letters are 0, 1, v or c");
    entries.push_back(*e);
  }
  return get(context, entries);
}

size_t StructureAttr::operandCount() const {
  return llvm::count_if(getEntries(), [](Entry e) {
    return e == Entry::varying || e == Entry::invariant;
  });
}

size_t StructureAttr::nonZeroCount() const {
  return llvm::count_if(getEntries(), [](Entry e) { return e != Entry::zero; });
}

bool StructureAttr::contains(Entry kind) const {
  return llvm::is_contained(getEntries(), kind);
}

bool StructureAttr::isDiagonal(int64_t k) const {
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < k; ++j)
      if (i != j && at(i, j, k) != Entry::zero)
        return false;
  return true;
}

std::string StructureAttr::str() const {
  std::string s;
  for (Entry e : getEntries())
    s += letter(e);
  return s;
}

Attribute StructureAttr::parse(AsmParser &parser, Type) {
  std::string compact;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseString(&compact) ||
      parser.parseGreater())
    return {};
  SmallVector<Entry> entries;
  for (char c : compact) {
    FailureOr<Entry> e = fromLetter(c);
    if (failed(e)) {
      parser.emitError(loc) << "structure entry '" << c
                            << "' is not one of 0, 1, v, c";
      return {};
    }
    entries.push_back(*e);
  }
  return get(parser.getContext(), entries);
}

void StructureAttr::print(AsmPrinter &printer) const {
  printer << "<\"" << str() << "\">";
}
