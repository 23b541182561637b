//===- TextFiles.h - Reading a text file of bounded size --------*- C++ -*-===//
//
// Model sources and the tuning cache are read whole; a path naming a
// device that never ends (/dev/zero) or a file far larger than any such
// text must be an error, not a read that grows without bound.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_TEXTFILES_H
#define SLUICE_RUNTIME_TEXTFILES_H

#include <cstddef>
#include <string>

namespace sluice::runtime {

/// The most bytes a model source or the tuning cache may have (64 MiB).
constexpr size_t kMaxTextFileBytes = size_t(64) << 20;

/// Reads the file at `path` whole into `text`, at most `maxBytes` bytes.
/// Returns "" on success, else why not: "cannot read 'PATH'" or "'PATH'
/// is larger than N MiB" (also for a device that never ends).
std::string readTextFile(const std::string &path, std::string &text,
                         size_t maxBytes = kMaxTextFileBytes);

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_TEXTFILES_H
