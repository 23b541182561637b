//===- RuntimeTensorTest.cpp - runtime::Tensor and 16-bit floats ----------===//

#include "runtime/Tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>

using namespace sluice::runtime;

TEST(RuntimeHalf, KnownBitPatterns) {
  EXPECT_EQ(halfFromDouble(1.0), 0x3C00);
  EXPECT_EQ(halfFromDouble(-2.0), 0xC000);
  EXPECT_EQ(halfFromDouble(65504.0), 0x7BFF);
  EXPECT_EQ(halfFromDouble(65519.0), 0x7BFF); // below the midpoint to infinity
  EXPECT_EQ(halfFromDouble(65520.0),
            0x7C00); // the midpoint rounds to even: inf
  EXPECT_EQ(halfFromDouble(-INFINITY), 0xFC00);
  EXPECT_EQ(halfFromDouble(std::ldexp(1.0, -24)), 0x0001); // smallest subnormal
  EXPECT_EQ(halfFromDouble(std::ldexp(1.0, -25)), 0x0000); // tie to even: 0
  EXPECT_EQ(halfFromDouble(std::ldexp(3.0, -26)), 0x0001); // 0.75 ulp: up
  EXPECT_EQ(halfFromDouble(std::ldexp(3.0, -25)), 0x0002); // 1.5 ulp: tie to 2
  EXPECT_EQ(halfFromDouble(std::ldexp(1.0, -14)), 0x0400); // smallest normal
  EXPECT_EQ(halfFromDouble(-0.0), 0x8000);
  EXPECT_EQ(halfFromDouble(1.0 + std::ldexp(1.0, -11)), 0x3C00); // tie: even
  EXPECT_EQ(halfFromDouble(1.0 + std::ldexp(3.0, -11)), 0x3C02); // tie: even
  EXPECT_TRUE(std::isnan(halfToFloat(halfFromDouble(NAN))));
  EXPECT_EQ(halfToFloat(0x3555), 0.333251953125f);
  EXPECT_EQ(roundTo(DType::F16, 0.1), 0.0999755859375);
}

TEST(RuntimeHalf, EveryPatternRoundTrips) {
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    float f = halfToFloat(static_cast<uint16_t>(bits));
    if (std::isnan(f))
      continue;
    EXPECT_EQ(halfFromDouble(f), bits) << "bits " << bits;
  }
}

TEST(RuntimeBf16, RoundsToNearestEven) {
  EXPECT_EQ(bf16FromDouble(1.0), 0x3F80);
  EXPECT_EQ(bf16FromDouble(1.0 + std::ldexp(1.0, -8)), 0x3F80); // tie: even
  EXPECT_EQ(bf16FromDouble(1.0 + std::ldexp(3.0, -8)), 0x3F82); // tie: even
  EXPECT_EQ(bf16FromDouble(-3.0), 0xC040);
  EXPECT_EQ(bf16FromDouble(1e39), 0x7F80); // overflow
  EXPECT_TRUE(std::isnan(bf16ToFloat(bf16FromDouble(NAN))));
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    float f = bf16ToFloat(static_cast<uint16_t>(bits));
    if (!std::isnan(f))
      ASSERT_EQ(bf16FromDouble(f), bits);
  }
}

TEST(RuntimeDType, NamesSizesAndF32Rounding) {
  EXPECT_EQ(dtypeSize(DType::BF16), 2u);
  EXPECT_EQ(dtypeSize(DType::F64), 8u);
  DType d;
  EXPECT_TRUE(parseDType("bf16", d));
  EXPECT_EQ(d, DType::BF16);
  EXPECT_FALSE(parseDType("f8", d));
  EXPECT_EQ(roundTo(DType::F32, 0.1), static_cast<double>(0.1f));
  EXPECT_EQ(roundTo(DType::F64, 0.1), 0.1);
  EXPECT_TRUE(std::isinf(roundTo(DType::F32, 1e300)));
}

TEST(RuntimeTensor, OwnedIsZeroFilledAndContiguous) {
  Tensor t(DType::F32, {2, 3, 4});
  EXPECT_FALSE(t.isNull());
  EXPECT_TRUE(t.isOwned());
  EXPECT_TRUE(t.isContiguous());
  EXPECT_EQ(t.numElements(), 24);
  EXPECT_EQ(t.strides(), (std::vector<int64_t>{12, 4, 1}));
  for (double v : t.toDoubles())
    EXPECT_EQ(v, 0.0);
  EXPECT_TRUE(Tensor().isNull());
  EXPECT_EQ(Tensor(DType::F64, {}).numElements(), 1); // a scalar
  EXPECT_EQ(Tensor(DType::F64, {3, 0}).numElements(), 0);
  EXPECT_THROW(Tensor(DType::F32, {2, -1}), sluice::Error);
}

// Kernels load rows of 64 bytes: data that starts mid-line (calloc's
// 16-byte alignment) made every row straddle two cache lines.
TEST(RuntimeTensor, OwnedDataStartsOnACacheLine) {
  for (int64_t n : {1, 3, 17, 1000, 1 << 20}) {
    Tensor zeroed(DType::F32, {n});
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(zeroed.data()) % 64, 0u) << n;
    for (double v : Tensor(DType::F16, {n}).toDoubles())
      ASSERT_EQ(v, 0.0);
    Tensor converted = zeroed.convertTo(DType::F64);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(converted.data()) % 64, 0u) << n;
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(zeroed.clone().data()) % 64, 0u)
        << n;
  }
}

TEST(RuntimeTensor, CopiesShareMemoryClonesDoNot) {
  Tensor a(DType::F64, {2});
  Tensor b = a;
  Tensor c = a.clone();
  a.setDouble(1, 7.5);
  EXPECT_EQ(b.getDouble(1), 7.5);
  EXPECT_EQ(c.getDouble(1), 0.0);
}

TEST(RuntimeTensor, BorrowedWithStrides) {
  // A 2x3 row-major buffer viewed transposed as 3x2.
  float buffer[6] = {0, 1, 2, 3, 4, 5};
  Tensor t = Tensor::borrow(buffer, DType::F32, {3, 2}, {1, 3});
  EXPECT_FALSE(t.isOwned());
  EXPECT_FALSE(t.isContiguous());
  EXPECT_EQ(t.toDoubles(), (std::vector<double>{0, 3, 1, 4, 2, 5}));
  t.setDouble(5, 9.0); // element [2, 1] is buffer[5]
  EXPECT_EQ(buffer[5], 9.0f);
  Tensor c = t.convertTo(DType::F64);
  EXPECT_TRUE(c.isContiguous());
  EXPECT_EQ(c.toDoubles(), (std::vector<double>{0, 3, 1, 4, 2, 9}));
  EXPECT_THROW(Tensor::borrow(buffer, DType::F32, {3, 2}, {1}),
               sluice::Error);
}

TEST(RuntimeTensor, ConversionRoundsToTheDType) {
  Tensor t = Tensor::fromDoubles({3}, {0.1, 1.0 / 3.0, 70000.0});
  Tensor h = t.convertTo(DType::F16);
  EXPECT_EQ(h.dtype(), DType::F16);
  EXPECT_EQ(h.getDouble(0), 0.0999755859375);
  EXPECT_EQ(h.getDouble(1), 0.333251953125);
  EXPECT_TRUE(std::isinf(h.getDouble(2)));
  Tensor f = t.convertTo(DType::F32);
  EXPECT_EQ(f.getDouble(0), static_cast<double>(0.1f));
  uint16_t raw;
  std::memcpy(&raw, h.data(), 2);
  EXPECT_EQ(raw, 0x2E66);
  EXPECT_THROW(Tensor::fromDoubles({2}, {1.0}), sluice::Error);
  EXPECT_EQ(shapeToString({2, 1000, 64}), "[2, 1000, 64]");
  EXPECT_EQ(shapeToString({}), "[]");
}

/// A [2,3,4] f32 tensor whose element at (i, j, k) is 100 i + 10 j + k,
/// laid out as the transpose of a [4,3,2] buffer (strides 1, 2, 6).
static Tensor transposedView(std::vector<float> &storage) {
  storage.assign(24, 0);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        storage[static_cast<size_t>(k * 6 + j * 2 + i)] =
            static_cast<float>(100 * i + 10 * j + k);
  return Tensor::borrow(storage.data(), DType::F32, {2, 3, 4}, {1, 2, 6});
}

TEST(RuntimeTensor, CopyFromWalksEveryLayout) {
  std::vector<float> storage;
  Tensor view = transposedView(storage);
  Tensor contiguous = view.clone(); // strided source, contiguous destination
  EXPECT_TRUE(contiguous.isContiguous());
  for (int64_t e = 0; e < 24; ++e)
    EXPECT_EQ(contiguous.getDouble(e), view.getDouble(e)) << e;

  // Contiguous source into a strided destination, and strided into strided.
  std::vector<float> other(24, -1);
  Tensor target =
      Tensor::borrow(other.data(), DType::F32, {2, 3, 4}, {1, 2, 6});
  target.copyFrom(contiguous);
  EXPECT_EQ(other, storage);
  std::fill(other.begin(), other.end(), -1.0f);
  target.copyFrom(view);
  EXPECT_EQ(other, storage);

  // Rows with a gap (every other element of a wider buffer) and rank 0.
  std::vector<double> wide(12, 0);
  for (int e = 0; e < 12; ++e)
    wide[static_cast<size_t>(e)] = e;
  Tensor everyOther = Tensor::borrow(wide.data(), DType::F64, {2, 3}, {6, 2});
  EXPECT_EQ(everyOther.toDoubles(), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  Tensor scalar(DType::F64, {});
  scalar.copyFrom(Tensor::fromDoubles({}, {7}));
  EXPECT_EQ(scalar.getDouble(0), 7);
  Tensor empty(DType::F32, {3, 0});
  empty.copyFrom(Tensor(DType::F32, {3, 0}));

  EXPECT_THROW(target.copyFrom(Tensor(DType::F64, {2, 3, 4})), sluice::Error);
  EXPECT_THROW(target.copyFrom(Tensor(DType::F32, {2, 4, 3})), sluice::Error);
}

TEST(RuntimeTensor, ConvertFromAStridedTensorRounds) {
  std::vector<float> storage;
  Tensor view = transposedView(storage);
  Tensor half = view.convertTo(DType::F16);
  Tensor wide = view.convertTo(DType::F64);
  for (int64_t e = 0; e < 24; ++e) {
    EXPECT_EQ(half.getDouble(e), roundTo(DType::F16, view.getDouble(e))) << e;
    EXPECT_EQ(wide.getDouble(e), view.getDouble(e)) << e;
  }
  EXPECT_EQ(half.getDouble(23), 123); // (1, 2, 3)
  std::vector<double> values = view.toDoubles();
  EXPECT_EQ(values[5], 11); // (0, 1, 1)
  EXPECT_THROW(half.convertFrom(Tensor(DType::F32, {24})), sluice::Error);
}
