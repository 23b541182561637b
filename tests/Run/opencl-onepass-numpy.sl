# The NumPy models (each the paper's formula in float64) on the OpenCL
# target with the single-pass look-back forced (SLUICE_OPENCL_LOOKBACK=
# onepass, KernelAbi.h): the chunked (look-back) schedule at lengths that
# cross many blocks of 256 steps, k > 1 states (ar2_window, linoss_im, s4d).
# REQUIRES: opencl
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked --dims B=1,T=100003,D=2
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl --scan-strategy chunked --dims B=1,T=100003,D=2
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl --no-fusion --scan-strategy chunked --dims B=2,T=4000,D=3
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/ar2_window.py --target opencl --scan-strategy chunked --dims B=1,T=20000,D=2
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/linoss_im.py --target opencl --scan-strategy chunked --dims B=1,T=20000,P=2
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/linoss_im.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/s4d.py --target opencl --scan-strategy chunked --dims B=1,T=20000,D=2,N=3
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/s4d.py --target opencl --scan-strategy chunked
# An unknown mode is a clear error.
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=bogus not %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked 2>&1 | FileCheck %s --check-prefix=BOGUS
# BOGUS: SLUICE_OPENCL_LOOKBACK='bogus' is not 'onepass', 'three-pass', 'onepass-tile', 'onepass-words', 'walk', 'walk-pairs' or 'onepass-rows'
