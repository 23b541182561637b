# The CPU look-back's apply kernel walks the last block of a scan from its
# carry in groups of 4 steps (codegen/cpu/ScanApplyGroups.h) for a scan of
# one state in the linear semiring; full blocks, max-plus, log-add-exp and
# coupled states keep the lanes. Every example with such scans (reverse
# and exclusive ones, resets' absorbing zero,
# a state kept only as its carry, and the others alongside) against the
# float64 reference: in blocks of 40 steps (8 x 5: many carries; last
# blocks of 1 to 40 steps, 0 to 3 past the last whole group) and of the
# default 32896 (T within one block; a last block of 1 to 3 steps past a
# group); from 8 threads.
# RUN: rm -rf %t && mkdir -p %t
# RUN: env SLUICE_NUM_THREADS=8 %python %S/Inputs/target-matches-reference.py --target cpu --schedule strategy=lookback,chunk=40 --only ema,reverse_ema,cumulative_ops,maxplus,resets,bidirectional,second_order,hmm_forward,rwkv4_wkv %examples %t/small B=1,T=1001,*=2 B=1,T=1002,*=1 B=1,T=1003,*=3 B=2,T=1000,*=1 B=1,T=3,*=2 | FileCheck %s --check-prefix=SMALL
# SMALL-COUNT-5: bidirectional B={{.*}}: cpu with strategy=lookback,chunk=40 matches the reference
# SMALL-COUNT-5: cumulative_ops B={{.*}}: cpu with strategy=lookback,chunk=40 matches the reference
# SMALL-COUNT-5: ema B={{.*}}: cpu with strategy=lookback,chunk=40 matches the reference
# SMALL-COUNT-5: hmm_forward B={{.*}}: cpu with strategy=lookback,chunk=40 matches the reference
# SMALL-COUNT-5: maxplus B={{.*}}: cpu with strategy=lookback,chunk=40 matches the reference
# SMALL-COUNT-5: resets B={{.*}}: cpu with strategy=lookback,chunk=40 matches the reference
# SMALL-COUNT-5: reverse_ema B={{.*}}: cpu with strategy=lookback,chunk=40 matches the reference
# SMALL-COUNT-5: rwkv4_wkv B={{.*}}: cpu with strategy=lookback,chunk=40 matches the reference
# SMALL-COUNT-5: second_order B={{.*}}: cpu with strategy=lookback,chunk=40 matches the reference
# RUN: env SLUICE_NUM_THREADS=8 %python %S/Inputs/target-matches-reference.py --target cpu --schedule strategy=lookback --only ema,reverse_ema,cumulative_ops,maxplus,resets %examples %t/long B=1,T=20001,*=1 B=1,T=65793,*=1 B=1,T=131075,*=1 B=2,T=32898,*=2 | FileCheck %s --check-prefix=LONG
# LONG-COUNT-4: cumulative_ops B={{.*}}: cpu with strategy=lookback matches the reference
# LONG-COUNT-4: ema B={{.*}}: cpu with strategy=lookback matches the reference
# LONG-COUNT-4: maxplus B={{.*}}: cpu with strategy=lookback matches the reference
# LONG-COUNT-4: resets B={{.*}}: cpu with strategy=lookback matches the reference
# LONG-COUNT-4: reverse_ema B={{.*}}: cpu with strategy=lookback matches the reference
