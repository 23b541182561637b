# Every model of tests/numpy (each the paper's formula in float64 NumPy) on
# the OpenCL target (PoCL in CI): default sizes, both scan strategies forced,
# fusion off, and lengths that cross many OpenCL look-back blocks (256 steps).
# REQUIRES: opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ar2_window.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ar2_window.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ar5_window.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ar5_window.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/gla.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/gla.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/hawk_rglru.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/hawk_rglru.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/hmm_forward.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/hmm_forward.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/holt_winters.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/holt_winters.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/linoss_im.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/linoss_im.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/mamba2_ssd.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/mamba2_ssd.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/mingru.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/mingru.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/mlstm.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/mlstm.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/semiring_infinities.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/semiring_infinities.py --target opencl --scan-strategy chunked --dims B=1,T=100003,D=4
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=three-pass %python %scripts/check-numpy.py %S/../numpy/semiring_infinities.py --target opencl --scan-strategy chunked --dims B=2,T=40000,D=3
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass %python %scripts/check-numpy.py %S/../numpy/semiring_infinities.py --target opencl --scan-strategy chunked --dims B=2,T=40000,D=3
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %scripts/check-numpy.py %S/../numpy/semiring_infinities.py --target opencl --scan-strategy chunked --dims B=2,T=40000,D=3
# Linear scans of two states walk too (codegen/cpu/ScanTile.h,
# kMaxWalkStates): a companion-form AR(2) and LinOSS-IM forced to the
# walk, over one block of 256 steps and into a partial second (T = 300),
# and LinOSS over 8 blocks (a chunk of 4 parts, the last partial; with
# more oscillators, some nearly undamped, f32 itself leaves the tolerance
# at T = 600: the sequential loop 3.1e-4 of the largest value, the walk
# 8.5e-4, as the three passes at its chunk of 32 steps). A
# log-add-exp scan of two states (the HMM's forward pass) has no walk
# (PoCL miscompiled it): the mode runs its three passes.
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %scripts/check-numpy.py %S/../numpy/ar2_window.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %scripts/check-numpy.py %S/../numpy/linoss_im.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk SLUICE_OPENCL_LOOKBACK_CHUNK=128 %python %scripts/check-numpy.py %S/../numpy/linoss_im.py --target opencl --scan-strategy chunked --dims B=1,T=1000,P=8
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %scripts/check-numpy.py %S/../numpy/hmm_forward.py --target opencl --scan-strategy chunked
# Linear scans with infinities in their data (the walk composes its parts'
# maps only where the block's last carry comes out finite, else it goes
# part by part again, walking the steps of a part that is not finite), and
# a growing two-state one whose parts' maps are too large to compose with.
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/linear_infinities.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %scripts/check-numpy.py %S/../numpy/linear_infinities.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk SLUICE_OPENCL_LOOKBACK_CHUNK=64 %python %scripts/check-numpy.py %S/../numpy/linear_infinities.py --target opencl --scan-strategy chunked --dims B=3,T=1000,D=8
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/retnet.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/retnet.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/rwkv4_wkv.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/rwkv4_wkv.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/s4d.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/s4d.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/selective_scan.py --target opencl
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/selective_scan.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked --dims B=1,T=100003,D=2
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy channel_parallel --dims B=3,T=129,D=33
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl --scan-strategy chunked --dims B=1,T=100003,D=2
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl --no-fusion --scan-strategy chunked --dims B=2,T=4000,D=3
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ar2_window.py --target opencl --scan-strategy chunked --dims B=1,T=20000,D=2
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/s4d.py --target opencl --scan-strategy chunked --dims B=1,T=20000,D=2,N=3
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/hawk_rglru.py --target opencl --no-fusion
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/gla.py --target opencl --no-fusion
# Rows (D = 1: each channel's steps contiguous), blocks of 16 steps, in
# each item order of the three passes' aggregate and apply (LookbackTuning.h
# chooseItemOrder; SLUICE_OPENCL_ROWS_ORDER forces one): 3 rows an item a
# work-item; 16 rows a block a work-item, over its channels in turn (2
# compute units pinned, so 6251 blocks give each 512 work-items on any
# machine); 600
# rows (the look-back forced: PoCL's few compute units would walk them
# channel-parallel) and 3 rows forced the `_rows` kernels, consecutive
# blocks of one row together.
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK_CHUNK=16 %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --dims B=3,T=100003,D=1
# RUN: %no-leak-check env SLUICE_OPENCL_COMPUTE_UNITS=2 SLUICE_OPENCL_LOOKBACK_CHUNK=16 %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --dims B=16,T=100003,D=1
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK_CHUNK=16 %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked --dims B=600,T=3001,D=1
# RUN: %no-leak-check env SLUICE_OPENCL_ROWS_ORDER=rows SLUICE_OPENCL_LOOKBACK_CHUNK=16 %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --dims B=3,T=100003,D=1
# RUN: %no-leak-check env SLUICE_OPENCL_ROWS_ORDER=rows SLUICE_OPENCL_LOOKBACK_CHUNK=16 %python %scripts/check-numpy.py %S/../numpy/hmm_forward.py --target opencl --dims B=3,T=100003,D=1
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK_CHUNK=16 %python %scripts/check-numpy.py %S/../numpy/hmm_forward.py --target opencl --dims B=3,T=100003,D=1
# Large private arrays (Holt-Winters' season ring) with many channels: the
# kernel declares a small work-group (PoCL ran 128 work-items on one 8 MiB stack).
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/holt_winters.py --target opencl --dims B=300,T=45
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ar2_window.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ar5_window.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/gla.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/hawk_rglru.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/hmm_forward.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/holt_winters.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/linoss_im.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/mamba2_ssd.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/mingru.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/mlstm.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/retnet.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/rwkv4_wkv.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/s4d.py --target opencl --scan-strategy channel_parallel
# RUN: %no-leak-check %python %scripts/check-numpy.py %S/../numpy/selective_scan.py --target opencl --scan-strategy channel_parallel
