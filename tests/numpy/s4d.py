# S4D with real diagonal A and zero-order hold (Gu et al. 2022, arXiv
# 2206.11893, sec. 3; examples/s4d.sl):
#   Abar = exp(dt A), Bbar = (Abar - 1) / A * B,
#   x_t = Abar x_{t-1} + Bbar u_t (x_{-1} = 0), y_t = sum_n C x_t + D u_t.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference --dims T=64
# RUN: %python %scripts/check-numpy.py %s --no-fusion --dims T=333
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=20000,D=2,N=3 --threads 8
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel --dims B=2,T=129,D=5,N=7 --threads 1
# RUN: %python %scripts/check-numpy.py %s --dims B=2,T=77,D=35,N=3 --threads 8
# RUN: %python %scripts/check-numpy.py %s --scan-strategy sequential --dims B=2,T=300,D=3,N=4
import numpy as np

MODEL = "examples/s4d.sl"
DIMS = {"B": 2, "T": 300, "D": 8, "N": 16}


def inputs(rng, dims):
    D, N = dims["D"], dims["N"]
    return {"u": rng.standard_normal((dims["B"], dims["T"], D)),
            "log_dt": rng.uniform(np.log(1e-3), np.log(1e-1), D),
            "A_log": np.log(rng.uniform(0.1, 2.0, (D, N))),
            "Bp": rng.standard_normal((D, N)),
            "C": rng.standard_normal((D, N)),
            "Dp": rng.standard_normal(D)}


def reference(inp, dims):
    u = inp["u"]
    dt = np.exp(inp["log_dt"])[:, None]
    A = -np.exp(inp["A_log"])
    Abar = np.exp(dt * A)
    Bbar = (Abar - 1.0) / A * inp["Bp"]
    B, T, D = u.shape
    x = np.zeros((B, D, dims["N"]))
    y = np.empty((B, T, D))
    for t in range(T):
        x = Abar * x + Bbar * u[:, t, :, None]
        y[:, t] = (inp["C"] * x).sum(-1) + inp["Dp"] * u[:, t]
    return {"y": y}
