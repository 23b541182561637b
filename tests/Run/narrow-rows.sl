# The CPU's channel-parallel scans walk rows narrower than
# TargetInfo::registerWalkBelowChannels (4) channel by channel with the
# states in registers, and wider rows by the row walk (the previous state
# read back from the row written the step before); the choice is made when
# a call runs. Every example, forced channel-parallel, against the float64
# reference: last dims of 1, 2 and 3 (the register walk, also with one step
# and with an exclusive, reverse, grouped or coupled scan), 4 and 5 (the row
# walk); from 8 threads.
# RUN: rm -rf %t && mkdir -p %t
# RUN: env SLUICE_NUM_THREADS=8 %python %S/Inputs/target-matches-reference.py --target cpu --schedule strategy=channel_parallel %examples %t/cp B=3,T=37,*=1 B=2,T=50,*=2 B=1,T=1,*=3 B=2,T=33,*=3 B=2,T=9,*=4 B=1,T=20,*=5 | FileCheck %s
# CHECK-COUNT-6: cumulative_ops B={{.*}}: cpu with strategy=channel_parallel matches the reference
# CHECK-COUNT-6: ema B={{.*}}: cpu with strategy=channel_parallel matches the reference
# CHECK-COUNT-6: gla B={{.*}}: cpu with strategy=channel_parallel matches the reference
# CHECK-COUNT-6: hawk_rglru B={{.*}}: cpu with strategy=channel_parallel matches the reference
# CHECK-COUNT-6: linoss_im B={{.*}}: cpu with strategy=channel_parallel matches the reference
# CHECK-COUNT-6: mlstm B={{.*}}: cpu with strategy=channel_parallel matches the reference
# CHECK-COUNT-6: rwkv4_wkv B={{.*}}: cpu with strategy=channel_parallel matches the reference
# CHECK-COUNT-6: selective_scan B={{.*}}: cpu with strategy=channel_parallel matches the reference
