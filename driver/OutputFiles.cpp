//===- OutputFiles.cpp - Writing a run's outputs as .npy files ------------===//

#include "driver/OutputFiles.h"
#include "driver/RunInputs.h"
#include "runtime/Npy.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

namespace sluice::driver {

namespace {
/// writeOutputFiles and writeInputFiles: `what` ("output", "input") names
/// the files in messages; the lines go to `report`.
void writeNpyFiles(const std::vector<std::string> &names,
                   const std::vector<runtime::DType> &declared,
                   const std::vector<runtime::Tensor> &outputs,
                   const std::string &dir, const std::string &what,
                   std::ostream &report) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(dir, error);
  if (error)
    throw InputError("cannot create the " + what + " directory '" + dir +
                     "': " + error.message());
  struct Pending {
    std::string name, path, temporary;
    runtime::DType dtype;    ///< the file's
    runtime::DType declared; ///< the output's (f16/bf16 files are f32)
    std::vector<int64_t> shape;
  };
  std::vector<Pending> pending;
  auto removeTemporaries = [&] {
    for (const Pending &p : pending)
      fs::remove(p.temporary, error);
  };
  try {
    for (size_t i = 0; i < outputs.size(); ++i) {
      const runtime::Tensor &output = outputs[i];
      std::string name =
          i < names.size() ? names[i] : "output" + std::to_string(i);
      runtime::DType outputType =
          i < declared.size() ? declared[i] : runtime::DType::F32;
      runtime::DType dtype = outputType == runtime::DType::F64
                                 ? runtime::DType::F64
                                 : runtime::DType::F32;
      std::string path = (fs::path(dir) / (name + ".npy")).string();
      if (fs::is_directory(path, error))
        throw InputError("cannot write " + what + " '" + name + "': " +
                         path + " is a directory");
      std::string temporary = (fs::path(dir) / ("." + name + ".npy.tmp-" +
                                                std::to_string(::getpid())))
                                  .string();
      pending.push_back(
          {name, path, temporary, dtype, outputType, output.shape()});
      runtime::writeNpy(temporary, output.convertTo(dtype));
    }
    for (const Pending &p : pending) {
      fs::rename(p.temporary, p.path, error);
      if (error)
        throw InputError("cannot rename " + p.temporary + " to " + p.path +
                         ": " + error.message());
    }
  } catch (...) {
    removeTemporaries();
    throw;
  }
  for (const Pending &p : pending)
    report << p.name << ": shape " << runtime::shapeToString(p.shape) << ", "
           << (p.declared == p.dtype
                   ? runtime::dtypeName(p.dtype)
                   : std::string(runtime::dtypeName(p.declared)) +
                         " written as " + runtime::dtypeName(p.dtype))
           << ", written to " << p.path << "\n";
}
} // namespace

void writeOutputFiles(const std::vector<std::string> &names,
                      const std::vector<runtime::DType> &declared,
                      const std::vector<runtime::Tensor> &outputs,
                      const std::string &dir) {
  writeNpyFiles(names, declared, outputs, dir, "output", std::cout);
}

void writeInputFiles(const std::vector<ArgSpec> &specs,
                     const std::vector<runtime::Tensor> &args,
                     const std::string &dir) {
  std::vector<std::string> names;
  std::vector<runtime::DType> declared;
  for (const ArgSpec &spec : specs) {
    names.push_back(spec.name);
    declared.push_back(spec.dtype);
  }
  writeNpyFiles(names, declared, args, dir, "input", std::cerr);
}

} // namespace sluice::driver
