//===- sluice.cpp - The sluice command-line driver ------------------------===//
//
//   sluice dump  MODEL.sl [--model NAME] --stage STAGE [--print-ir-after-all]
//   sluice run   MODEL.sl [--model NAME] [--target cpu|reference] --input NAME=FILE.npy ...
//   sluice bench MODEL.sl --random B=8,T=4096,D=256 [--target ...] [--json]
//   sluice compile MODEL.sl [--model NAME] --target cpu -o DIR  (for sluice-run)
//
// Each subcommand lives in driver/; this file only sets up the command line.
//
//===----------------------------------------------------------------------===//

#include "driver/ParseErrors.h"
#include "driver/Subcommands.h"
#include "runtime/Threads.h"
#include "runtime/cpu/BlasThreads.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char **argv) {
  // OpenBLAS's pool would spin through most of a short command.
  sluice::runtime::stopIdleBlasThreads();
  CLI::App app{"sluice: a compiler for sequence models. It turns recurrences "
               "written as plain sequential loops into fused parallel scans."};
  app.set_version_flag("--version", std::string("sluice ") + SLUICE_VERSION);
  app.require_subcommand(1);
  sluice::driver::SubcommandRegistry subcommands;
  sluice::driver::registerSubcommands(app, subcommands);
  // A first word that names no command (CLI11 would only say that one is
  // required).
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    std::string names;
    for (CLI::App *sub : app.get_subcommands([](CLI::App *) { return true; })) {
      known = known || sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::cerr << "sluice: error: unknown command '" << argv[1]
                << "' (the commands: " << names << ")\n"
                << "Run with --help for more information.\n";
      return 1;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return sluice::driver::reportParseError(app, e, "sluice");
  }
  // SLUICE_NUM_THREADS bounds the threads the subcommand's runs use.
  try {
    sluice::runtime::ThreadLimit threads(
        sluice::runtime::threadsFromEnvironment());
    int status = 1;
    threads.run([&] { status = subcommands.run(); });
    return status;
  } catch (const std::exception &e) {
    std::cerr << "sluice: error: " << e.what() << "\n";
    return 1;
  }
}
