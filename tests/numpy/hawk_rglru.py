# Hawk / Griffin RG-LRU against NumPy (De et al. 2024, arXiv 2402.19427,
# sec. 2.4): r_t = sigmoid(x_t Wa + ba), i_t = sigmoid(x_t Wx + bx),
# a_t = a^(c r_t) with a = sigmoid(lam), c = 8,
# h_t = a_t h_{t-1} + sqrt(1 - a_t^2) (i_t x_t).
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,D=3 --threads 8
import numpy as np

MODEL = "examples/hawk_rglru.sl"
MODEL_NAME = None
DIMS = {"B": 2, "T": 300, "D": 16}
RTOL = 1e-4


def inputs(rng, dims):
    B, T, D = dims["B"], dims["T"], dims["D"]
    s = 1.0 / np.sqrt(D)
    return {"x": rng.uniform(-1, 1, (B, T, D)),
            "Wa": rng.uniform(-s, s, (D, D)), "ba": rng.uniform(-1, 1, (D,)),
            "Wx": rng.uniform(-s, s, (D, D)), "bx": rng.uniform(-1, 1, (D,)),
            "lam": rng.uniform(0, 4, (D,))}


def reference(inp, dims):
    x = inp["x"]
    B, T, D = x.shape
    a = 1.0 / (1.0 + np.exp(-inp["lam"]))
    h = np.zeros((B, D), dtype=x.dtype)
    out = np.empty_like(x)
    for t in range(T):
        r = 1.0 / (1.0 + np.exp(-(x[:, t] @ inp["Wa"] + inp["ba"])))
        i = 1.0 / (1.0 + np.exp(-(x[:, t] @ inp["Wx"] + inp["bx"])))
        at = a ** (8.0 * r)
        h = at * h + np.sqrt(1.0 - at * at) * (i * x[:, t])
        out[:, t] = h
    return {"h": out}
