//===- CommandErrors.cpp - How a `sluice` subcommand reports failure ------===//

#include "driver/CommandErrors.h"

#include "frontend/Diagnostics.h"

#include "llvm/Support/raw_ostream.h"

#include <iostream>
#include <new>
#include <string>

namespace sluice::driver {

int exitStatusOf(const std::function<int()> &command) {
  auto flushOutput = [] {
    llvm::outs().flush();
    std::cout.flush();
  };
  try {
    int status = command();
    flushOutput();
    return status;
  } catch (const CompileError &e) {
    flushOutput();
    std::cerr << e.what();
  } catch (const std::bad_alloc &) { // sluice's own allocations say their size
    flushOutput();
    std::cerr << "sluice: error: out of memory\n";
  } catch (const std::exception &e) {
    flushOutput();
    std::string message = e.what();
    // Messages of the code generator already say "sluice: ".
    if (message.rfind("sluice: ", 0) == 0)
      message = message.substr(8);
    std::cerr << "sluice: error: " << message << "\n";
  }
  return 1;
}

} // namespace sluice::driver
