# The exponential moving average m_t = (1 - a) m_{t-1} + a x_t, m_0 = 0 before
# the first step, one state per channel (examples/ema.sl).
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference
# RUN: %python %scripts/check-numpy.py %s --no-fusion --dims T=777
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=100003,D=2 --threads 8
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel --dims B=3,T=129,D=33 --threads 1
# A wrong reference must fail (the harness can fail):
# RUN: not %python %scripts/check-numpy.py %S/Inputs/ema-wrong.py | FileCheck %s --check-prefix=WRONG
# WRONG: check-numpy: mismatch: m:
import numpy as np

MODEL = "examples/ema.sl"
DIMS = {"B": 2, "T": 300, "D": 16}


def inputs(rng, dims):
    return {"x": rng.standard_normal((dims["B"], dims["T"], dims["D"])),
            "alpha": rng.uniform(0.01, 0.99, dims["D"])}


def reference(inp, dims):
    x, a = inp["x"], inp["alpha"]
    m = np.zeros((dims["B"], dims["D"]))
    out = np.empty_like(x)
    for t in range(dims["T"]):
        m = (1.0 - a) * m + a * x[:, t]
        out[:, t] = m
    return {"m": out}
