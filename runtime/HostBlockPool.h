//===- HostBlockPool.h - Large host blocks kept for reuse -------*- C++ -*-===//
//
// Every call of a model allocates its temporaries and results. A large
// block freed to the system and allocated again comes back as fresh pages:
// each first touch faults and the kernel zeroes the page (27% of S4D's
// call time at (4,2048,256,16) went to clear_page). The pool keeps freed
// blocks of 1 MiB and more (up to a cap) and hands them to the next
// allocation of the same size, so repeated calls touch warm memory.
// Sanitizer builds do not pool (a reused block would hide a use after
// free).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_HOSTBLOCKPOOL_H
#define SLUICE_RUNTIME_HOSTBLOCKPOOL_H

#include <cstddef>
#include <memory>

namespace sluice::runtime {

/// Blocks smaller than this are not pooled (the allocator reuses them).
constexpr size_t kPooledBlockMin = size_t(1) << 20;

/// The most bytes the pool keeps by default (SLUICE_HOST_POOL_MB sets it;
/// 0 turns pooling off); the blocks released longest ago go first.
constexpr size_t kPooledBytesDefault = size_t(1) << 30;

/// A block of `bytes` (a multiple of `alignment`) aligned to `alignment`:
/// a pooled block of that size and alignment when one is free, else a new
/// one. Uninitialised. When the last owner drops it, a block of
/// kPooledBlockMin bytes or more returns to the pool (freed when it does
/// not fit under the cap). Null when the system has no memory.
std::shared_ptr<std::byte[]> allocateHostBlock(size_t bytes, size_t alignment);

/// Frees every block the pool holds.
void releasePooledHostBlocks();

/// Sets the most bytes the pool keeps (0: none; blocks over it are freed,
/// those released longest ago first). Sanitizer builds keep 0.
void setHostPoolCapacity(size_t bytes);

/// The most bytes the pool keeps now.
size_t hostPoolCapacity();

/// The bytes the pool holds now (blocks free for reuse).
size_t pooledHostBytes();

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_HOSTBLOCKPOOL_H
