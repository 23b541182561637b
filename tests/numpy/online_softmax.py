# The online softmax's running weighted mean (tests/numpy/Inputs/
# online_softmax.sl) against its definition in float64, not its
# recurrence: o[t] = sum_{i<=t} exp(s_i) v_i / sum_{i<=t} exp(s_i) (the
# prefix sums of exp(s - M), M the channel's maximum over T). Scores up
# to +-30 make exp(s) span 26 orders of magnitude, so the stabilised pair
# (one exp shared by sl-share-stabilized-exps) and the rescaling carry the
# whole result.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=40000,D=3 --threads 8
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
import numpy as np

MODEL = "tests/numpy/Inputs/online_softmax.sl"
DIMS = {"B": 2, "T": 300, "D": 16}
RTOL = 1e-4


def inputs(rng, dims):
    shape = (dims["B"], dims["T"], dims["D"])
    return {"s": rng.uniform(-30, 30, shape), "v": rng.uniform(-1, 1, shape)}


def reference(inp, dims):
    s, v = inp["s"], inp["v"]
    # The definition with one shift per channel, its maximum over all of T:
    # exp(s - M) >= exp(-60) stays a normal float64 for these scores.
    w = np.exp(s - s.max(axis=1, keepdims=True))
    return {"o": np.cumsum(w * v, axis=1) / np.cumsum(w, axis=1)}
