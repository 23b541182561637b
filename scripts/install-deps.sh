#!/usr/bin/env bash
# Installs every Debian 12 package sluice needs to build, test, fuzz and benchmark.
# Idempotent: packages already present are skipped by apt. Uses sudo when not root.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  # toolchain and build
  build-essential cmake ninja-build ccache git python3 pkg-config
  # MLIR / LLVM 19 (shared libMLIR.so / libLLVM.so), lit and FileCheck
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools
  # clang for the libFuzzer target
  clang-14
  # CPU runtime: TBB, OpenBLAS
  libtbb-dev libopenblas-dev
  # OpenCL: loader, headers, PoCL for CPU-only machines, CLBlast
  ocl-icd-opencl-dev opencl-c-headers opencl-clhpp-headers pocl-opencl-icd libclblast-dev
  # CLI and tests (NumPy: the float64 references of tests/numpy)
  libcli11-dev googletest libgtest-dev python3-numpy
  # zlib/zstd/libxml2 dev files needed by the LLVM cmake exports
  zlib1g-dev libzstd-dev libxml2-dev libedit-dev libffi-dev libcurl4-openssl-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi
