//===- Cl.h - The OpenCL C API, version 1.2 --------------------*- C++ -*-===//
//
// The one place runtime/opencl includes the OpenCL headers: it pins the API
// to OpenCL 1.2 (CL_TARGET_OPENCL_VERSION=120) so the runtime builds against
// any ICD loader and runs on 1.2 drivers (PoCL, NVIDIA, AMD, Intel).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_CL_H
#define SLUICE_RUNTIME_OPENCL_CL_H

#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 120
#endif
#include <CL/cl.h>

#endif // SLUICE_RUNTIME_OPENCL_CL_H
