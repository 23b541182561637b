# RWKV-4's WKV against NumPy (Peng et al. 2023, arXiv 2305.13048, the WKV operator),
# by its plain recurrent form without stabilisation (float64 does not
# overflow for these inputs): with a_t = e^{-w} a_{t-1} + e^{k_t} v_t and
# b_t = e^{-w} b_{t-1} + e^{k_t},
#   wkv_t = (a_{t-1} + e^{u + k_t} v_t) / (b_{t-1} + e^{u + k_t}).
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,D=3 --threads 8
import numpy as np

MODEL = "examples/rwkv4_wkv.sl"
MODEL_NAME = None
DIMS = {"B": 2, "T": 300, "D": 16}
RTOL = 1e-4


def inputs(rng, dims):
    B, T, D = dims["B"], dims["T"], dims["D"]
    return {"k": rng.uniform(-3, 3, (B, T, D)),
            "v": rng.uniform(-1, 1, (B, T, D)),
            "decay": rng.uniform(-4, 1, (D,)),     # w = exp(decay) in (0.02, 2.7)
            "bonus": rng.uniform(-1, 1, (D,))}


def reference(inp, dims):
    k, v = inp["k"], inp["v"]
    B, T, D = k.shape
    decay = np.exp(-np.exp(inp["decay"]))
    a = np.zeros((B, D), dtype=k.dtype)
    b = np.zeros((B, D), dtype=k.dtype)
    wkv = np.empty_like(k)
    for t in range(T):
        cur = np.exp(inp["bonus"] + k[:, t])
        wkv[:, t] = (a + cur * v[:, t]) / (b + cur)
        ek = np.exp(k[:, t])
        a = decay * a + ek * v[:, t]
        b = decay * b + ek
    return {"wkv": wkv}
