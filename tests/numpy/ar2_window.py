# y_t = c1 y_{t-1} + c2 y_{t-2} + x_t with y_{-2}, y_{-1} given in one tensor
# by `init y[-2:] = y0` (y0[:, 0] is y_{-2}, y0[:, 1] is y_{-1}): an order-2
# companion scan (tests/numpy/Inputs/ar_window.sl, model ar2).
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference --dims T=40
# RUN: %python %scripts/check-numpy.py %s --no-fusion --dims T=9
# RUN: %python %scripts/check-numpy.py %s --dims T=1
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=20000,D=2 --threads 8
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel --dims B=3,T=129,D=5 --threads 1
# RUN: sluice dump %S/Inputs/ar_window.sl --model ar2 --stage recognized --remarks 2>&1 | FileCheck %s
# CHECK: remark: scan over 'y' became a parallel linear scan (state size 2, companion form of an order-2 recurrence
import numpy as np

MODEL = "tests/numpy/Inputs/ar_window.sl"
MODEL_NAME = "ar2"
DIMS = {"B": 2, "T": 300, "D": 6}


def inputs(rng, dims):
    B, T, D = dims["B"], dims["T"], dims["D"]
    # |c1| + |c2| < 1: stable.
    return {"x": rng.standard_normal((B, T, D)),
            "y0": 3.0 * rng.standard_normal((B, 2, D)),
            "c1": rng.uniform(-0.6, 0.6, D),
            "c2": rng.uniform(-0.35, 0.35, D)}


def reference(inp, dims):
    x, c1, c2 = inp["x"], inp["c1"], inp["c2"]
    prev2, prev1 = inp["y0"][:, 0], inp["y0"][:, 1]
    y = np.empty_like(x)
    for t in range(x.shape[1]):
        cur = c1 * prev1 + c2 * prev2 + x[:, t]
        prev2, prev1 = prev1, cur
        y[:, t] = cur
    return {"y": y}
