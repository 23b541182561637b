//===- RuntimeNpyTest.cpp - .npy reading and writing ----------------------===//

#include "runtime/Npy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>

using namespace sluice::runtime;

namespace {

/// A .npy file with a hand-written header (version `major`.0).
std::string npyBytes(const std::string &dict, const std::string &data,
                     int major = 1) {
  std::string header = dict;
  size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + header.size() + 1) % 64)
    header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < prefix - 8; ++i)
    out += static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  return out + header + data;
}

std::string floats(std::initializer_list<float> values) {
  std::string s(values.size() * 4, '\0');
  std::memcpy(&s[0], values.begin(), s.size());
  return s;
}

/// The message of the NpyError that decoding `bytes` as "in.npy" throws.
std::string errorOf(const std::string &bytes) {
  try {
    decodeNpy(bytes, "in.npy");
  } catch (const NpyError &e) {
    return e.what();
  }
  return "(no error)";
}

std::string tempPath(const std::string &name) {
  return testing::TempDir() + "/sluice_npy_" + name;
}
} // namespace

TEST(RuntimeNpy, EncodeDecodeRoundTrip) {
  for (DType dtype : {DType::F16, DType::F32, DType::F64}) {
    Tensor t = Tensor::fromDoubles({2, 3}, {1, -2, 0.5, 3, 4.25, -0.125})
                   .convertTo(dtype);
    std::string bytes = encodeNpy(t);
    EXPECT_EQ(bytes.size() % 64,
              (6 * dtypeSize(dtype)) % 64); // data 64-aligned
    EXPECT_EQ(bytes[bytes.find('\n')], '\n');
    Tensor back = decodeNpy(bytes, "x.npy");
    EXPECT_EQ(back.dtype(), dtype);
    EXPECT_EQ(back.shape(), t.shape());
    EXPECT_EQ(back.toDoubles(), t.toDoubles());
  }
}

TEST(RuntimeNpy, HeaderSpellsShapesLikeNumPy) {
  std::string scalar = encodeNpy(Tensor::fromDoubles({}, {2.0}));
  EXPECT_NE(scalar.find("'shape': (), }"), std::string::npos) << scalar;
  EXPECT_NE(encodeNpy(Tensor(DType::F32, {3})).find("'shape': (3,), }"),
            std::string::npos);
  EXPECT_NE(
      encodeNpy(Tensor(DType::F32, {2, 3}))
          .find("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"),
      std::string::npos);
  EXPECT_EQ(decodeNpy(scalar, "s.npy").getDouble(0), 2.0);
  EXPECT_EQ(decodeNpy(encodeNpy(Tensor(DType::F64, {0, 4})), "e.npy").shape(),
            (std::vector<int64_t>{0, 4}));
}

TEST(RuntimeNpy, WritesStridedTensorsInCOrder) {
  float buffer[6] = {0, 1, 2, 3, 4, 5};
  Tensor transposed = Tensor::borrow(buffer, DType::F32, {3, 2}, {1, 3});
  Tensor back = decodeNpy(encodeNpy(transposed), "t.npy");
  EXPECT_EQ(back.toDoubles(), (std::vector<double>{0, 3, 1, 4, 2, 5}));
}

TEST(RuntimeNpy, ReadsVersions2And3AndOddSpellings) {
  std::string dict =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  for (int major : {2, 3}) {
    Tensor t = decodeNpy(npyBytes(dict, floats({1.5f, -2.f}), major), "v.npy");
    EXPECT_EQ(t.toDoubles(), (std::vector<double>{1.5, -2}));
  }
  // Double quotes, no trailing comma, other key order, Python 2 longs.
  Tensor t = decodeNpy(
      npyBytes(
          "{\"shape\": (1L, 2L), \"fortran_order\": False, \"descr\": \"<f4\"}",
          floats({3.f, 4.f})),
      "p.npy");
  EXPECT_EQ(t.shape(), (std::vector<int64_t>{1, 2}));
}

TEST(RuntimeNpy, ClearErrorsNamingTheFile) {
  std::string ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  EXPECT_EQ(errorOf("PK\x03\x04 not npy"),
            "in.npy: not a .npy file (bad magic; expected \\x93NUMPY)");
  EXPECT_EQ(errorOf(npyBytes(
                "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",
                floats({1, 2}))),
            "in.npy: fortran_order arrays are not supported (save a C-order "
            "array, e.g. numpy.ascontiguousarray)");
  EXPECT_EQ(errorOf(npyBytes(
                "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
                floats({1, 2}))),
            "in.npy: dtype '<i4' is not supported (sluice reads float16, "
            "float32 and float64: '<f2', '<f4', '<f8')");
  EXPECT_NE(
      errorOf(
          npyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
                   floats({1, 2})))
          .find("in.npy: big-endian dtype '>f4' is not supported"),
      std::string::npos);
  EXPECT_EQ(
      errorOf(npyBytes(ok, floats({1}))),
      "in.npy: truncated data: shape [2] of f32 needs 8 bytes, the file has 4");
  EXPECT_EQ(errorOf(npyBytes(ok, floats({1, 2, 3}))),
            "in.npy: 4 unexpected bytes after the data of shape [2]");
  EXPECT_EQ(errorOf(npyBytes(ok, "").substr(0, 30)),
            "in.npy: truncated .npy header (118 bytes announced, 20 present)");
  EXPECT_EQ(errorOf("\x93NUMPY\x04"),
            "in.npy: truncated .npy file (no version)");
  std::string v4 = npyBytes(ok, floats({1, 2}));
  v4[6] = 4;
  EXPECT_EQ(
      errorOf(v4),
      "in.npy: unsupported .npy version 4.0 (sluice reads 1.0, 2.0, 3.0)");
  EXPECT_NE(
      errorOf(npyBytes("{'descr': '<f4', 'shape': (2,), }", floats({1, 2})))
          .find("in.npy: malformed .npy header"),
      std::string::npos);
  EXPECT_NE(errorOf(npyBytes("{'descr': [('a', '<f4')], 'fortran_order': "
                             "False, 'shape': (2,), }",
                             floats({1, 2})))
                .find("structured dtypes are not supported"),
            std::string::npos);
  EXPECT_NE(
      errorOf(
          npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",
                   ""))
          .find("'shape' must be a tuple of non-negative integers"),
      std::string::npos);
}

TEST(RuntimeNpy, FilesOnDisk) {
  std::string path = tempPath("x.npy");
  Tensor t = Tensor::fromDoubles({2, 2}, {1, 2, 3, 4});
  writeNpy(path, t);
  Tensor back = readNpy(path);
  EXPECT_EQ(back.dtype(), DType::F64);
  EXPECT_EQ(back.toDoubles(), t.toDoubles());
  std::remove(path.c_str());

  try {
    readNpy(tempPath("missing.npy"));
    FAIL() << "no error";
  } catch (const NpyError &e) {
    EXPECT_EQ(std::string(e.what()),
              tempPath("missing.npy") +
                  ": cannot open: No such file or directory");
  }
  try {
    writeNpy(path, t.convertTo(DType::BF16));
    FAIL() << "no error";
  } catch (const NpyError &e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": cannot write bf16 as .npy (NumPy has no such dtype; "
                     "convert to f32)");
  }
  EXPECT_THROW(writeNpy("/nonexistent-dir/x.npy", t), NpyError);
}
