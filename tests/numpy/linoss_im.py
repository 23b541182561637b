# LinOSS-IM against NumPy (Rusch & Rus, ICLR 2025, arXiv 2410.03943, sec. 2.2,
# the implicit scheme): with A = relu(Ahat), dt = sigmoid(s),
#   z_n = z_{n-1} + dt (-A y_n + (Bu)_n),   y_n = y_{n-1} + dt z_n,
# solved per step as the paper's 2x2 system (M^{-1} with S = 1/(1 + dt^2 A)):
#   z_n = S (z_{n-1} - dt A y_{n-1} + dt (Bu)_n),  y_n = y_{n-1} + dt z_n.
# (examples/linoss_im.sl states it as one second-order recurrence in y.)
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --no-fusion
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,P=3 --threads 8
import numpy as np

MODEL = "examples/linoss_im.sl"
MODEL_NAME = None
DIMS = {"B": 2, "T": 300, "P": 16}
RTOL = 1e-4


def inputs(rng, dims):
    B, T, P = dims["B"], dims["T"], dims["P"]
    return {"bu": rng.uniform(-1, 1, (B, T, P)),
            "Ahat": rng.uniform(0, 1, (P,)),
            "s": rng.uniform(-1, 1, (P,))}


def reference(inp, dims):
    bu = inp["bu"]
    B, T, P = bu.shape
    A = np.maximum(inp["Ahat"], 0)
    dt = 1.0 / (1.0 + np.exp(-inp["s"]))
    S = 1.0 / (1.0 + dt * dt * A)
    y = np.zeros((B, P), dtype=bu.dtype)
    z = np.zeros((B, P), dtype=bu.dtype)
    out = np.empty_like(bu)
    for n in range(T):
        z = S * (z - dt * A * y + dt * bu[:, n])
        y = y + dt * z
        out[:, n] = y
    return {"y": out}
