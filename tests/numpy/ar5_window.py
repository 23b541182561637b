# y_t = c1 y_{t-1} + c5 y_{t-5} + x_t with y_{-5..-1} given in one tensor by
# `init y[-5:] = y0` (y0[j] is y_{-(5-j)}, shared by every batch row): lag 5
# is past the 3-state companion limit, so a sequential loop
# (tests/numpy/Inputs/ar_window.sl, model ar5).
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference --dims T=40
# RUN: %python %scripts/check-numpy.py %s --no-fusion --dims T=4
# RUN: %python %scripts/check-numpy.py %s --dims T=1
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=20000,D=3 --threads 8
# RUN: sluice dump %S/Inputs/ar_window.sl --model ar5 --stage recognized --remarks 2>&1 | FileCheck %s
# CHECK: remark: scan stays sequential: 'y' would need a 5-state companion scan (lag 5)
import numpy as np

MODEL = "tests/numpy/Inputs/ar_window.sl"
MODEL_NAME = "ar5"
DIMS = {"B": 2, "T": 300, "D": 6}


def inputs(rng, dims):
    B, T, D = dims["B"], dims["T"], dims["D"]
    return {"x": rng.standard_normal((B, T, D)),
            "y0": 3.0 * rng.standard_normal((5, D)),
            "c1": rng.uniform(-0.6, 0.6, D),
            "c5": rng.uniform(-0.35, 0.35, D)}


def reference(inp, dims):
    x, c1, c5 = inp["x"], inp["c1"], inp["c5"]
    B = x.shape[0]
    hist = [np.broadcast_to(inp["y0"][j], (B, x.shape[2])) for j in range(5)]
    y = np.empty_like(x)
    for t in range(x.shape[1]):
        cur = c1 * hist[-1] + c5 * hist[-5] + x[:, t]
        hist.append(cur)
        y[:, t] = cur
    return {"y": y}
