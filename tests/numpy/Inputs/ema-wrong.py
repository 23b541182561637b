# ema with a deliberately wrong decay: check-numpy.py must report a mismatch.
import numpy as np

MODEL = "examples/ema.sl"
DIMS = {"B": 1, "T": 50, "D": 4}


def inputs(rng, dims):
    return {"x": rng.standard_normal((dims["B"], dims["T"], dims["D"])),
            "alpha": rng.uniform(0.1, 0.9, dims["D"])}


def reference(inp, dims):
    x, a = inp["x"], inp["alpha"]
    m = np.zeros((dims["B"], dims["D"]))
    out = np.empty_like(x)
    for t in range(dims["T"]):
        m = (1.0 - a) * m + 0.9 * a * x[:, t]
        out[:, t] = m
    return {"m": out}
