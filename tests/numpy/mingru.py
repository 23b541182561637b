# minGRU against NumPy (Feng et al. 2024, arXiv 2410.01201, sec. 3.1):
# z_t = sigmoid(x_t Wz + bz), h~_t = x_t Wh + bh,
# h_t = (1 - z_t) h_{t-1} + z_t h~_t.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,D=3 --threads 8
import numpy as np

MODEL = "examples/mingru.sl"
MODEL_NAME = None
DIMS = {"B": 2, "T": 300, "D": 16}
RTOL = 1e-4


def inputs(rng, dims):
    B, T, D = dims["B"], dims["T"], dims["D"]
    s = 1.0 / np.sqrt(D)
    return {"x": rng.uniform(-1, 1, (B, T, D)),
            "Wz": rng.uniform(-s, s, (D, D)), "bz": rng.uniform(-1, 1, (D,)),
            "Wh": rng.uniform(-s, s, (D, D)), "bh": rng.uniform(-1, 1, (D,))}


def reference(inp, dims):
    x = inp["x"]
    B, T, D = x.shape
    h = np.zeros((B, D), dtype=x.dtype)
    out = np.empty_like(x)
    for t in range(T):
        z = 1.0 / (1.0 + np.exp(-(x[:, t] @ inp["Wz"] + inp["bz"])))
        cand = x[:, t] @ inp["Wh"] + inp["bh"]
        h = (1.0 - z) * h + z * cand
        out[:, t] = h
    return {"h": out}
