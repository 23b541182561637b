# Recognition checked numerically: each example evaluated by the reference
# target at the `parsed` stage (sl.loop, sl.cumulative) and at the `recognized`
# stage (sl.scan) agrees. Odd lengths, seeds shared by both runs.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice run %examples/ar_ssm_context.sl --target reference --reference-stage parsed --random B=2,T=37,D=5,R=3 --seed 11 --output-dir %t/ar_ssm_context.parsed > /dev/null
# RUN: sluice run %examples/ar_ssm_context.sl --target reference --reference-stage recognized --random B=2,T=37,D=5,R=3 --seed 11 --output-dir %t/ar_ssm_context.recognized > /dev/null
# RUN: %npy closedir %t/ar_ssm_context.parsed %t/ar_ssm_context.recognized 1e-6
# RUN: sluice run %examples/bidirectional.sl --target reference --reference-stage parsed --random B=2,T=37,D=5 --seed 11 --output-dir %t/bidirectional.parsed > /dev/null
# RUN: sluice run %examples/bidirectional.sl --target reference --reference-stage recognized --random B=2,T=37,D=5 --seed 11 --output-dir %t/bidirectional.recognized > /dev/null
# RUN: %npy closedir %t/bidirectional.parsed %t/bidirectional.recognized 1e-6
# RUN: sluice run %examples/cumulative_ops.sl --target reference --reference-stage parsed --random B=2,T=37,D=5 --seed 11 --output-dir %t/cumulative_ops.parsed > /dev/null
# RUN: sluice run %examples/cumulative_ops.sl --target reference --reference-stage recognized --random B=2,T=37,D=5 --seed 11 --output-dir %t/cumulative_ops.recognized > /dev/null
# RUN: %npy closedir %t/cumulative_ops.parsed %t/cumulative_ops.recognized 1e-6
# RUN: sluice run %examples/ema.sl --target reference --reference-stage parsed --random B=2,T=37,D=5 --seed 11 --output-dir %t/ema.parsed > /dev/null
# RUN: sluice run %examples/ema.sl --target reference --reference-stage recognized --random B=2,T=37,D=5 --seed 11 --output-dir %t/ema.recognized > /dev/null
# RUN: %npy closedir %t/ema.parsed %t/ema.recognized 1e-6
# RUN: sluice run %examples/gated_delta.sl --target reference --reference-stage parsed --random B=2,T=37,H=2,K=3,V=4 --seed 11 --output-dir %t/gated_delta.parsed > /dev/null
# RUN: sluice run %examples/gated_delta.sl --target reference --reference-stage recognized --random B=2,T=37,H=2,K=3,V=4 --seed 11 --output-dir %t/gated_delta.recognized > /dev/null
# RUN: %npy closedir %t/gated_delta.parsed %t/gated_delta.recognized 1e-6
# RUN: sluice run %examples/hawk_rglru.sl --target reference --reference-stage parsed --random B=2,T=37,D=5 --seed 11 --output-dir %t/hawk_rglru.parsed > /dev/null
# RUN: sluice run %examples/hawk_rglru.sl --target reference --reference-stage recognized --random B=2,T=37,D=5 --seed 11 --output-dir %t/hawk_rglru.recognized > /dev/null
# RUN: %npy closedir %t/hawk_rglru.parsed %t/hawk_rglru.recognized 1e-6
# RUN: sluice run %examples/linoss_im.sl --target reference --reference-stage parsed --random B=2,T=37,P=5 --seed 11 --output-dir %t/linoss_im.parsed > /dev/null
# RUN: sluice run %examples/linoss_im.sl --target reference --reference-stage recognized --random B=2,T=37,P=5 --seed 11 --output-dir %t/linoss_im.recognized > /dev/null
# RUN: %npy closedir %t/linoss_im.parsed %t/linoss_im.recognized 1e-6
# RUN: sluice run %examples/linoss_im_2state.sl --target reference --reference-stage parsed --random B=2,T=37,P=5 --seed 11 --output-dir %t/linoss_im_2state.parsed > /dev/null
# RUN: sluice run %examples/linoss_im_2state.sl --target reference --reference-stage recognized --random B=2,T=37,P=5 --seed 11 --output-dir %t/linoss_im_2state.recognized > /dev/null
# RUN: %npy closedir %t/linoss_im_2state.parsed %t/linoss_im_2state.recognized 1e-6
# RUN: sluice run %examples/maxplus.sl --target reference --reference-stage parsed --random B=2,T=37,D=5 --seed 11 --output-dir %t/maxplus.parsed > /dev/null
# RUN: sluice run %examples/maxplus.sl --target reference --reference-stage recognized --random B=2,T=37,D=5 --seed 11 --output-dir %t/maxplus.recognized > /dev/null
# RUN: %npy closedir %t/maxplus.parsed %t/maxplus.recognized 1e-6
# RUN: sluice run %examples/reverse_ema.sl --target reference --reference-stage parsed --random B=2,T=37,D=5 --seed 11 --output-dir %t/reverse_ema.parsed > /dev/null
# RUN: sluice run %examples/reverse_ema.sl --target reference --reference-stage recognized --random B=2,T=37,D=5 --seed 11 --output-dir %t/reverse_ema.recognized > /dev/null
# RUN: %npy closedir %t/reverse_ema.parsed %t/reverse_ema.recognized 1e-6
# RUN: sluice run %examples/second_order.sl --target reference --reference-stage parsed --random B=2,T=37,D=5 --seed 11 --output-dir %t/second_order.parsed > /dev/null
# RUN: sluice run %examples/second_order.sl --target reference --reference-stage recognized --random B=2,T=37,D=5 --seed 11 --output-dir %t/second_order.recognized > /dev/null
# RUN: %npy closedir %t/second_order.parsed %t/second_order.recognized 1e-6
# RUN: sluice run %examples/selective_scan.sl --target reference --reference-stage parsed --random B=2,T=37,D=5,N=3 --seed 11 --output-dir %t/selective_scan.parsed > /dev/null
# RUN: sluice run %examples/selective_scan.sl --target reference --reference-stage recognized --random B=2,T=37,D=5,N=3 --seed 11 --output-dir %t/selective_scan.recognized > /dev/null
# RUN: %npy closedir %t/selective_scan.parsed %t/selective_scan.recognized 1e-6
# RUN: sluice run %examples/tanh_rnn.sl --target reference --reference-stage parsed --random B=2,T=37,D=5 --seed 11 --output-dir %t/tanh_rnn.parsed > /dev/null
# RUN: sluice run %examples/tanh_rnn.sl --target reference --reference-stage recognized --random B=2,T=37,D=5 --seed 11 --output-dir %t/tanh_rnn.recognized > /dev/null
# RUN: %npy closedir %t/tanh_rnn.parsed %t/tanh_rnn.recognized 1e-6
# A single step, and a length of 100003 for one scan.
# RUN: sluice run %examples/ema.sl --target reference --reference-stage parsed --random B=1,T=1,D=2 --output-dir %t/one.parsed > /dev/null
# RUN: sluice run %examples/ema.sl --target reference --reference-stage recognized --random B=1,T=1,D=2 --output-dir %t/one.recognized > /dev/null
# RUN: %npy closedir %t/one.parsed %t/one.recognized 1e-6
# RUN: sluice run %examples/ema.sl --target reference --reference-stage parsed --random B=1,T=100003,D=1 --output-dir %t/long.parsed > /dev/null
# RUN: sluice run %examples/ema.sl --target reference --reference-stage recognized --random B=1,T=100003,D=1 --output-dir %t/long.recognized > /dev/null
# RUN: %npy closedir %t/long.parsed %t/long.recognized 1e-6
