//===- OpenclGemmTest.cpp - CLBlast SGEMM against a CPU matmul ------------===//
//
// sgemm (plain and strided-batched, with transposes, offsets, leading
// dimensions wider than the matrix, alpha and beta) against a float64 loop
// on the host; k = 0; a bad leading dimension's message. Skipped without an
// OpenCL device or without CLBlast.
//
//===----------------------------------------------------------------------===//

#include "OpenclTestSupport.h"

#include "runtime/opencl/Gemm.h"

#include <cmath>
#include <random>

using namespace sluice;
using namespace sluice::runtime::opencl;
using namespace sluice::runtime::opencl::testing;

namespace {

std::vector<float> randomFloats(size_t n, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> distribution(-1, 1);
  std::vector<float> values(n);
  for (float &v : values)
    v = distribution(random);
  return values;
}

/// Element (row, col) of op(X) for a row-major X at `offset` with leading
/// dimension `ld`.
float element(const std::vector<float> &x, size_t offset, size_t ld,
              bool transposed, size_t row, size_t col) {
  return transposed ? x[offset + col * ld + row] : x[offset + row * ld + col];
}

class OpenclGemm : public OpenclTest {
protected:
  void SetUp() override {
    OpenclTest::SetUp();
    if (IsSkipped())
      return;
    if (!haveClblast())
      GTEST_SKIP() << "built without CLBlast";
  }

  /// Runs sgemm on random operands and compares every element of C with
  /// the host's float64 product.
  void check(GemmShape shape) {
    auto context = makeContext();
    size_t rowsA = shape.transposeA ? shape.k : shape.m;
    size_t colsA = shape.transposeA ? shape.m : shape.k;
    size_t rowsB = shape.transposeB ? shape.n : shape.k;
    size_t colsB = shape.transposeB ? shape.k : shape.n;
    // Leading dimensions wider than the rows, a first offset, gaps between
    // the matrices of a batch.
    GemmOperand a{nullptr, 3, colsA + 2, 0};
    a.batchStride = rowsA * a.leadingDim + 5;
    GemmOperand b{nullptr, 1, colsB + 1, 0};
    b.batchStride = rowsB * b.leadingDim + 2;
    GemmOperand c{nullptr, 2, shape.n + 3, 0};
    c.batchStride = shape.m * c.leadingDim + 1;
    std::vector<float> hostA =
        randomFloats(a.offset + shape.batch * a.batchStride, 1);
    std::vector<float> hostB =
        randomFloats(b.offset + shape.batch * b.batchStride, 2);
    std::vector<float> hostC =
        randomFloats(c.offset + shape.batch * c.batchStride, 3);
    Buffer bufferA = context->buffers().allocate(hostA.size() * 4, "A");
    Buffer bufferB = context->buffers().allocate(hostB.size() * 4, "B");
    Buffer bufferC = context->buffers().allocate(hostC.size() * 4, "C");
    context->upload(bufferA, hostA.data(), hostA.size() * 4);
    context->upload(bufferB, hostB.data(), hostB.size() * 4);
    context->upload(bufferC, hostC.data(), hostC.size() * 4);
    a.buffer = bufferA.handle();
    b.buffer = bufferB.handle();
    c.buffer = bufferC.handle();
    sgemm(*context, shape, a, b, c);
    std::vector<float> got(hostC.size());
    context->download(bufferC, got.data(), got.size() * 4);
    std::vector<bool> written(hostC.size(), false);
    for (size_t m = 0; m < shape.batch; ++m)
      for (size_t i = 0; i < shape.m; ++i)
        for (size_t j = 0; j < shape.n; ++j) {
          double sum = 0;
          for (size_t p = 0; p < shape.k; ++p)
            sum += double(element(hostA, a.offset + m * a.batchStride,
                                  a.leadingDim, shape.transposeA, i, p)) *
                   element(hostB, b.offset + m * b.batchStride, b.leadingDim,
                           shape.transposeB, p, j);
          size_t at = c.offset + m * c.batchStride + i * c.leadingDim + j;
          double want = shape.alpha * sum +
                        (shape.beta == 0 ? 0.0 : shape.beta * hostC[at]);
          written[at] = true;
          ASSERT_NEAR(got[at], want, 1e-4 * (std::sqrt(double(shape.k)) + 1))
              << "batch " << m << " C[" << i << ", " << j << "]";
        }
    // Elements outside the matrices are left alone.
    for (size_t at = 0; at < got.size(); ++at) {
      if (!written[at]) {
        ASSERT_EQ(got[at], hostC[at]) << "element " << at;
      }
    }
  }
};

TEST_F(OpenclGemm, PlainMatchesTheCpu) {
  GemmShape shape;
  shape.m = 37;
  shape.n = 53;
  shape.k = 29;
  check(shape);
}

TEST_F(OpenclGemm, TransposesAlphaBeta) {
  GemmShape shape;
  shape.m = 16;
  shape.n = 9;
  shape.k = 70;
  shape.transposeA = true;
  shape.transposeB = true;
  shape.alpha = 0.5f;
  shape.beta = -2.0f;
  check(shape);
}

TEST_F(OpenclGemm, StridedBatchedMatchesTheCpu) {
  GemmShape shape;
  shape.m = 5;
  shape.n = 33;
  shape.k = 12;
  shape.batch = 4;
  shape.transposeB = true;
  shape.beta = 1.0f;
  check(shape);
}

TEST_F(OpenclGemm, EmptyContractionScalesC) {
  GemmShape shape;
  shape.m = 6;
  shape.n = 7;
  shape.k = 0;
  shape.batch = 2;
  shape.beta = 3.0f;
  check(shape);
  shape.beta = 0.0f;
  check(shape);
}

TEST_F(OpenclGemm, BadLeadingDimensionIsNamed) {
  auto context = makeContext();
  Buffer buffer = context->buffers().allocate(4096, "M");
  GemmShape shape;
  shape.m = 4;
  shape.n = 4;
  shape.k = 8;
  GemmOperand a{buffer.handle(), 0, 2, 0}; // needs at least k = 8
  GemmOperand b{buffer.handle(), 0, 4, 0};
  GemmOperand c{buffer.handle(), 0, 4, 0};
  std::string message = errorOf([&] { sgemm(*context, shape, a, b, c); });
  EXPECT_NE(message.find("CLBlastSgemm (m=4 n=4 k=8) failed with "
                         "CLBlastInvalidLeadDimA"),
            std::string::npos)
      << message;
}

} // namespace
