//===- SharedObject.cpp - Kernels in a shared object (dlopen) -------------===//

#include "runtime/cpu/SharedObject.h"

#include <dlfcn.h>

namespace sluice::runtime {

SharedObject::SharedObject(const std::string &path) : path(path) {
  handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = ::dlerror();
    throw Error("cannot load the kernels " + path + ": " +
                (why ? why : "unknown error"));
  }
}

SharedObject::~SharedObject() {
  if (handle)
    ::dlclose(handle);
}

KernelFn SharedObject::lookup(const std::string &symbol) const {
  // dlsym hands back a data pointer; the kernels are functions of KernelFn's
  // type (the kernel ABI, runtime/Plan.h).
  void *address = ::dlsym(handle, symbol.c_str());
  return reinterpret_cast<KernelFn>(address);
}

const char *SharedObject::lookupString(const std::string &symbol) const {
  return static_cast<const char *>(::dlsym(handle, symbol.c_str()));
}

} // namespace sluice::runtime
