//===- RuntimeHostPoolTest.cpp - Large host blocks kept for reuse ---------===//
//
// runtime/HostBlockPool.h: a freed block of 1 MiB or more is handed to the
// next allocation of its size and alignment; the pool stays under its cap,
// freeing the blocks released longest ago; small blocks are never kept;
// many threads allocate and free at once. The pointer checks are skipped
// in sanitizer builds, which do not pool.
//
//===----------------------------------------------------------------------===//

#include "runtime/HostBlockPool.h"
#include "runtime/Tensor.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

using namespace sluice::runtime;

namespace {

constexpr size_t kMiB = size_t(1) << 20;

/// Empties the pool and sets its cap for one test; restores both after.
class HostPoolTest : public ::testing::Test {
protected:
  void SetUp() override {
    saved = hostPoolCapacity();
    releasePooledHostBlocks();
    setHostPoolCapacity(64 * kMiB);
    if (hostPoolCapacity() == 0)
      GTEST_SKIP() << "a sanitizer build: the pool keeps nothing";
  }
  void TearDown() override {
    releasePooledHostBlocks();
    setHostPoolCapacity(saved);
  }
  size_t saved = 0;
};

TEST_F(HostPoolTest, AFreedBlockServesTheNextAllocationOfItsSize) {
  void *first = nullptr;
  {
    auto block = allocateHostBlock(4 * kMiB, 64);
    ASSERT_TRUE(block);
    std::memset(block.get(), 1, 4 * kMiB);
    first = block.get();
  }
  EXPECT_EQ(pooledHostBytes(), 4 * kMiB);
  // Another size or alignment does not take it.
  auto other = allocateHostBlock(6 * kMiB, 64);
  auto aligned = allocateHostBlock(4 * kMiB, 2 * kMiB);
  EXPECT_NE(other.get(), first);
  EXPECT_NE(aligned.get(), first);
  EXPECT_EQ(pooledHostBytes(), 4 * kMiB);
  auto again = allocateHostBlock(4 * kMiB, 64);
  EXPECT_EQ(again.get(), first);
  EXPECT_EQ(pooledHostBytes(), 0u);
}

TEST_F(HostPoolTest, StaysUnderItsCapFreeingTheOldestFirst) {
  setHostPoolCapacity(8 * kMiB);
  auto a = allocateHostBlock(4 * kMiB, 64);
  auto b = allocateHostBlock(4 * kMiB, 64);
  auto c = allocateHostBlock(4 * kMiB, 64);
  void *pb = b.get(), *pc = c.get();
  a.reset();
  b.reset();
  EXPECT_EQ(pooledHostBytes(), 8 * kMiB);
  c.reset(); // a goes
  EXPECT_EQ(pooledHostBytes(), 8 * kMiB);
  auto d = allocateHostBlock(4 * kMiB, 64);
  auto e = allocateHostBlock(4 * kMiB, 64);
  EXPECT_EQ(d.get(), pc); // the one released last first
  EXPECT_EQ(e.get(), pb);
  // A block over the cap is freed, never kept.
  {
    auto big = allocateHostBlock(16 * kMiB, 64);
    ASSERT_TRUE(big);
  }
  EXPECT_EQ(pooledHostBytes(), 0u);
  // Lowering the cap frees what no longer fits.
  d.reset();
  e.reset();
  EXPECT_EQ(pooledHostBytes(), 8 * kMiB);
  setHostPoolCapacity(4 * kMiB);
  EXPECT_EQ(pooledHostBytes(), 4 * kMiB);
  setHostPoolCapacity(0);
  EXPECT_EQ(pooledHostBytes(), 0u);
}

TEST_F(HostPoolTest, SmallBlocksAreNotKept) {
  { auto small = allocateHostBlock(kPooledBlockMin - 64, 64); }
  EXPECT_EQ(pooledHostBytes(), 0u);
}

TEST_F(HostPoolTest, TensorsReuseTheirBlocks) {
  void *first = nullptr;
  {
    Tensor t = Tensor::uninitialized(DType::F32, {1024, 1024});
    first = t.data();
  }
  Tensor again = Tensor::uninitialized(DType::F32, {1024, 1024});
  EXPECT_EQ(again.data(), first);
  // A zeroed tensor is never a reused block's old contents.
  Tensor zeros(DType::F32, {1024, 1024});
  for (int64_t i = 0; i < zeros.numElements(); i += 4099)
    EXPECT_EQ(zeros.getDouble(i), 0.0);
}

} // namespace

/// Many threads allocate, fill, check and free blocks of a few sizes at
/// once (also in sanitizer builds, where nothing is pooled).
TEST(HostPoolThreads, ManyThreadsAllocateAndFreeAtOnce) {
  size_t saved = hostPoolCapacity();
  setHostPoolCapacity(24 * kMiB);
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int id = 0; id < 8; ++id)
    threads.emplace_back([id, &failures] {
      for (int i = 0; i < 60; ++i) {
        size_t bytes = (1 + (id + i) % 3) * kMiB;
        auto block = allocateHostBlock(bytes, 64);
        if (!block) {
          ++failures[id];
          continue;
        }
        unsigned char mark = static_cast<unsigned char>(id * 31 + i);
        std::memset(block.get(), mark, bytes);
        auto *bytesOf = reinterpret_cast<unsigned char *>(block.get());
        if (bytesOf[0] != mark || bytesOf[bytes - 1] != mark)
          ++failures[id];
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (int id = 0; id < 8; ++id)
    EXPECT_EQ(failures[id], 0) << "thread " << id;
  EXPECT_LE(pooledHostBytes(), hostPoolCapacity());
  releasePooledHostBlocks();
  setHostPoolCapacity(saved);
}
