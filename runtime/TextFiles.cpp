//===- TextFiles.cpp - Reading a text file of bounded size ----------------===//

#include "runtime/TextFiles.h"

#include <fstream>

namespace sluice::runtime {

std::string readTextFile(const std::string &path, std::string &text,
                         size_t maxBytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return "cannot read '" + path + "'";
  text.clear();
  char chunk[1 << 16];
  while (in) {
    in.read(chunk, sizeof chunk);
    text.append(chunk, static_cast<size_t>(in.gcount()));
    if (text.size() > maxBytes) {
      text.clear();
      return "'" + path + "' is larger than " +
             std::to_string(maxBytes >> 20) + " MiB";
    }
  }
  if (in.bad())
    return "cannot read '" + path + "'";
  return "";
}

} // namespace sluice::runtime
