//===- RunInputs.cpp - Binding a model's arguments for `sluice run` -------===//

#include "driver/RunInputs.h"

#include "runtime/Npy.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace sluice::driver {

using runtime::DType;
using runtime::Tensor;

namespace {

std::string join(const std::vector<std::string> &items) {
  std::string s;
  for (const std::string &item : items)
    s += (s.empty() ? "" : ", ") + item;
  return s;
}

bool isDecimal(const std::string &text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

/// Parses decimal digits into `value`; false when it exceeds `limit`.
bool parseBounded(const std::string &digits, uint64_t limit, uint64_t &value) {
  value = 0;
  for (char c : digits) {
    auto digit = static_cast<uint64_t>(c - '0');
    if (value > (limit - digit) / 10)
      return false;
    value = value * 10 + digit;
  }
  return true;
}

bool isLiteral(const std::string &dim) {
  return !dim.empty() && std::isdigit(static_cast<unsigned char>(dim[0]));
}

/// NumPy's name of a dtype, as the user sees it in their .npy file.
const char *numpyName(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return "float16";
  case DType::BF16:
    return "bfloat16";
  case DType::F32:
    return "float32";
  case DType::F64:
    return "float64";
  }
  return "?";
}

/// The size each named dim is bound to, and where that came from
/// ("--random" or the quoted name of the arg whose file fixed it).
struct DimBinding {
  int64_t size;
  std::string source;
};
using DimTable = std::map<std::string, DimBinding>;

/// The --random sizes, checked against the model's dims.
DimTable parseRandom(const std::string &model,
                     const std::vector<std::string> &modelDims,
                     const std::string &random) {
  DimTable table;
  size_t start = 0;
  while (start <= random.size()) {
    size_t end = std::min(random.find(',', start), random.size());
    std::string item = random.substr(start, end - start);
    start = end + 1;
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError(
          "--random expects NAME=SIZE items separated by commas, got '" + item +
          "'");
    std::string name = item.substr(0, eq);
    std::string text = item.substr(eq + 1);
    uint64_t size = 0;
    if (!isDecimal(text))
      throw InputError("--random: the size of dim '" + name +
                       "' must be a non-negative integer, got '" + text + "'");
    if (!parseBounded(text, kMaxRandomSize, size))
      throw InputError("--random: the size of dim '" + name + "' is too large: " +
                       text + " (at most 2^62 = " +
                       std::to_string(kMaxRandomSize) + ")");
    if (std::find(modelDims.begin(), modelDims.end(), name) == modelDims.end())
      throw InputError("--random: model '" + model + "' has no dim '" + name +
                       "' (" +
                       (modelDims.empty() ? std::string("it has no dims")
                                          : "its dims: " + join(modelDims)) +
                       ")");
    if (table.count(name))
      throw InputError("--random gives dim '" + name + "' twice");
    table[name] = {static_cast<int64_t>(size), "--random"};
  }
  return table;
}

/// The --input files by arg name, checked against the model's args.
std::map<std::string, std::string>
parseInputs(const std::string &model, const std::vector<ArgSpec> &args,
            const std::vector<std::string> &inputs) {
  std::vector<std::string> names;
  for (const ArgSpec &a : args)
    names.push_back(a.name);
  std::map<std::string, std::string> files;
  for (const std::string &input : inputs) {
    size_t eq = input.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == input.size())
      throw InputError("--input expects NAME=FILE.npy, got '" + input + "'");
    std::string name = input.substr(0, eq);
    if (std::find(names.begin(), names.end(), name) == names.end())
      throw InputError("model '" + model + "' has no input or param '" + name +
                       "' (it takes: " + join(names) + ")");
    if (files.count(name))
      throw InputError("--input gives '" + name + "' twice");
    files[name] = input.substr(eq + 1);
  }
  return files;
}

/// Checks a file's dtype and shape against `arg`, binding its named dims.
void checkFile(const ArgSpec &arg, const Tensor &file, const std::string &path,
               DimTable &dims) {
  bool dtypeOk = file.dtype() == arg.dtype ||
                 ((arg.dtype == DType::F16 || arg.dtype == DType::BF16) &&
                  file.dtype() == DType::F32);
  if (!dtypeOk) {
    std::string accepted = arg.dtype == DType::F16    ? "float16 or float32"
                           : arg.dtype == DType::BF16 ? "float32"
                                                      : numpyName(arg.dtype);
    throw InputError("'" + arg.name + "' is declared " +
                     runtime::dtypeName(arg.dtype) + ", but " + path +
                     " holds " + numpyName(file.dtype()) + " (give a " +
                     accepted + " file)");
  }
  if (file.rank() != static_cast<int64_t>(arg.dims.size()))
    throw InputError("'" + arg.name + "' has " +
                     std::to_string(arg.dims.size()) + " dims [" +
                     join(arg.dims) + "], but " + path + " has shape " +
                     runtime::shapeToString(file.shape()));
  for (size_t i = 0; i < arg.dims.size(); ++i) {
    const std::string &dim = arg.dims[i];
    int64_t size = file.dim(static_cast<int64_t>(i));
    if (isLiteral(dim)) {
      if (std::to_string(size) != dim)
        throw InputError("dim " + std::to_string(i) + " of '" + arg.name +
                         "' has the literal size " + dim + ", but " + path +
                         " has " + std::to_string(size) + " there (shape " +
                         runtime::shapeToString(file.shape()) + ")");
      continue;
    }
    auto [it, inserted] = dims.insert({dim, {size, "'" + arg.name + "'"}});
    if (!inserted && it->second.size != size)
      throw InputError("dim '" + dim + "' is " +
                       std::to_string(it->second.size) + " in " +
                       it->second.source + " but " + std::to_string(size) +
                       " in '" + arg.name + "'");
  }
}

/// The shape of a randomly drawn `arg`.
std::vector<int64_t> randomShape(const ArgSpec &arg, const DimTable &dims) {
  std::vector<int64_t> shape;
  for (const std::string &dim : arg.dims) {
    if (isLiteral(dim)) {
      shape.push_back(std::stoll(dim));
      continue;
    }
    auto it = dims.find(dim);
    if (it == dims.end())
      throw InputError("--random does not give dim '" + dim + "' (used by '" +
                       arg.name + "'): add " + dim + "=SIZE");
    shape.push_back(it->second.size);
  }
  return shape;
}

uint64_t splitmix64(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
} // namespace

uint64_t parseSeed(const std::string &text) {
  uint64_t seed = 0;
  if (!isDecimal(text) || !parseBounded(text, UINT64_MAX, seed))
    throw InputError("--seed must be an integer from 0 to " +
                     std::to_string(UINT64_MAX) + ", got '" + text + "'");
  return seed;
}

Tensor randomTensor(DType dtype, const std::vector<int64_t> &shape,
                    uint64_t seed, const std::string &name) {
  uint64_t state = seed;
  for (char c : name) // FNV-1a of the name, so each arg has its own stream
    state = (state ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  // Draw k in [0, 2^bits) and return k / 2^(bits-1) - 1: a grid in [-1, 1)
  // that `dtype` (with bits - 1 mantissa bits) represents exactly.
  int bits = dtype == DType::F64   ? 53
             : dtype == DType::F32 ? 24
             : dtype == DType::F16 ? 11
                                   : 8;
  Tensor t;
  try {
    runtime::byteSizeOf(dtype, shape, "'" + name + "'");
    t = Tensor::uninitialized(dtype, shape, "'" + name + "'");
  } catch (const Error &e) {
    throw InputError(e.what());
  }
  // Written straight into the contiguous new tensor, element by element in
  // the dtype (setDouble's per-element index arithmetic took seconds for
  // 2^26 elements); every draw is exact in `dtype`, so nothing rounds.
  const int64_t count = t.numElements();
  const double scale = std::ldexp(1.0, 1 - bits);
  auto draw = [&] {
    return static_cast<double>(splitmix64(state) >> (64 - bits)) * scale - 1.0;
  };
  switch (dtype) {
  case DType::F64:
    for (double *p = static_cast<double *>(t.data()), *e = p + count; p != e;
         ++p)
      *p = draw();
    break;
  case DType::F32:
    for (float *p = static_cast<float *>(t.data()), *e = p + count; p != e; ++p)
      *p = static_cast<float>(draw());
    break;
  case DType::F16:
  case DType::BF16: {
    bool half = dtype == DType::F16;
    for (uint16_t *p = static_cast<uint16_t *>(t.data()), *e = p + count;
         p != e; ++p) {
      double v = draw();
      *p = half ? runtime::halfFromDouble(v) : runtime::bf16FromDouble(v);
    }
    break;
  }
  }
  return t;
}

std::vector<Tensor> bindArguments(const std::string &model,
                                  const std::vector<ArgSpec> &args,
                                  const std::vector<std::string> &modelDims,
                                  const InputSources &sources) {
  bool random = !sources.random.empty();
  DimTable dims;
  if (random)
    dims = parseRandom(model, modelDims, sources.random);
  std::map<std::string, std::string> files =
      parseInputs(model, args, sources.inputs);

  std::vector<Tensor> bound(args.size());
  // Files first: they may fix dims that the random draws then use.
  for (size_t i = 0; i < args.size(); ++i) {
    auto file = files.find(args[i].name);
    if (file == files.end())
      continue;
    Tensor t;
    try {
      t = runtime::readNpy(file->second);
    } catch (const runtime::NpyError &e) {
      throw InputError(e.what());
    }
    checkFile(args[i], t, file->second, dims);
    bound[i] = t.dtype() == args[i].dtype ? t : t.convertTo(args[i].dtype);
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (files.count(args[i].name))
      continue;
    if (!random)
      throw InputError(std::string("missing ") +
                       (args[i].isParam ? "param" : "input") + " '" +
                       args[i].name + "': give --input " + args[i].name +
                       "=FILE.npy, or --random with the model's dims");
    bound[i] = randomTensor(args[i].dtype, randomShape(args[i], dims),
                            sources.seed, args[i].name);
  }
  return bound;
}

std::vector<ArgSpec> argSpecsOf(const runtime::Plan &plan) {
  std::vector<ArgSpec> specs;
  for (const runtime::ValueSpec &v : plan.arguments) {
    ArgSpec spec;
    spec.name = v.name;
    spec.isParam = v.isParam;
    spec.dtype = v.dtype;
    for (size_t d = 0; d < v.dims.size(); ++d)
      spec.dims.push_back(v.dims[d] >= 0 ? plan.dimNames[v.dims[d]]
                                         : std::to_string(v.literal[d]));
    specs.push_back(std::move(spec));
  }
  return specs;
}

} // namespace sluice::driver
