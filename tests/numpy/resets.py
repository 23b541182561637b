# examples/resets.sl in float64 NumPy, written from the formulas, with the
# resets as a loop and an `if`, not from sluice's IR:
#   a = exp(-8 sigmoid(x Wa + ba) softplus(-lam)),  u = sqrt(1 - a^2) x
#   h[t] = u[t]                       at the first step of an episode (done[t] = 1)
#          a[t] h[t-1] + u[t]          otherwise (h[-1] = 0)
#   G[t] = r[t]                        where the next step starts an episode
#          r[t] + 0.99 G[t+1]          otherwise (G[T] = 0)
# About 3% of the steps start an episode; some lanes and look-back blocks
# (T = 100003) hold none, some several.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference
# RUN: %python %scripts/check-numpy.py %s --no-fusion --dims T=777
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --dims B=1,T=100003,D=2 --threads 8
# RUN: %python %scripts/check-numpy.py %s --scan-strategy chunked --no-fusion --dims B=2,T=40000,D=3 --threads 3
# RUN: %python %scripts/check-numpy.py %s --scan-strategy channel_parallel --dims B=3,T=129,D=33 --threads 1
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=100003,D=3 --seed 7
import numpy as np

MODEL = "examples/resets.sl"
DIMS = {"B": 2, "T": 300, "D": 16}


def inputs(rng, dims):
    B, T, D = dims["B"], dims["T"], dims["D"]
    return {"x": rng.standard_normal((B, T, D)),
            "done": (rng.random((B, T)) < 0.03).astype(np.float64),
            "reward": rng.standard_normal((B, T)),
            "Wa": rng.standard_normal((D, D)) / np.sqrt(D),
            "ba": rng.standard_normal(D) * 0.1,
            "lam": rng.standard_normal(D)}


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softplus(z):
    return np.log1p(np.exp(z))


def reference(inp, dims):
    B, T, D = dims["B"], dims["T"], dims["D"]
    x, done, r = inp["x"], inp["done"], inp["reward"]
    a = np.exp(-8.0 * sigmoid(x @ inp["Wa"] + inp["ba"]) * softplus(-inp["lam"]))
    u = np.sqrt(1.0 - a * a) * x
    h = np.empty((B, T, D))
    g = np.empty((B, T))
    for b in range(B):
        state = np.zeros(D)
        for t in range(T):
            if done[b, t] == 1.0:
                state = u[b, t].copy()
            else:
                state = a[b, t] * state + u[b, t]
            h[b, t] = state
        ret = 0.0
        for t in reversed(range(T)):
            if t + 1 < T and done[b, t + 1] == 1.0:
                ret = r[b, t]
            else:
                ret = r[b, t] + 0.99 * ret
            g[b, t] = ret
    return {"h": h, "ret": g}
