# The decoupled one-pass look-back (KernelAbi.h) with many tiles per block:
# hundreds of channels on the chunked (look-back) schedule in item groups of
# 32 work-items (SLUICE_OPENCL_ONEPASS_LOCAL), as one work-group per tile
# and as two work-groups per compute unit that loop over the tiles
# (SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT), against the NumPy models
# (first- and second-order states, a reset). A bad knob is a clear error.
# REQUIRES: opencl
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass SLUICE_OPENCL_ONEPASS_LOCAL=32 %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked --dims B=2,T=5000,D=300
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass SLUICE_OPENCL_ONEPASS_LOCAL=32 SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT=2 %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked --dims B=2,T=5000,D=300
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass SLUICE_OPENCL_ONEPASS_LOCAL=32 SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT=2 %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl --scan-strategy chunked --dims B=3,T=3000,D=70
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass SLUICE_OPENCL_ONEPASS_LOCAL=32 %python %scripts/check-numpy.py %S/../numpy/linoss_im.py --target opencl --scan-strategy chunked --dims B=2,T=3000,P=90
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT=-1 not %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked 2>&1 | FileCheck %s --check-prefix=BAD
# BAD: SLUICE_OPENCL_ONEPASS_GROUPS_PER_UNIT='-1' is not an integer from 0 to 2^30
