# Additive Holt-Winters, period 12 (Hyndman & Athanasopoulos, "Forecasting:
# Principles and Practice", 3rd ed., sec. 8.3; examples/holt_winters.sl), the
# 12 seasonal values before the first step given in one tensor (s0[:, j] is
# s_{-(12-j)}, oldest first). The season has lag 12: a sequential loop. The
# level and the season share a neutral direction (c added to l, taken from
# every s), so f32 rounding drifts along it over long runs: T stays <= 2000.
# RUN: %python %scripts/check-numpy.py %s
# RUN: %python %scripts/check-numpy.py %s --target reference --dims T=50
# RUN: %python %scripts/check-numpy.py %s --no-fusion --dims B=3,T=7
# RUN: %python %scripts/check-numpy.py %s --dims T=1
# RUN: %python %scripts/check-numpy.py %s --dims B=1,T=2000 --threads 8
# (The rows kernel, LoopRowsKernel.cpp: tiles of 16 series, blocks of 16
# steps; 37 series are two full tiles and a rest, 1000 steps 62 full blocks
# and a rest, from 8 threads.)
# RUN: %python %scripts/check-numpy.py %s --dims B=37,T=1000 --threads 8
import numpy as np

MODEL = "examples/holt_winters.sl"
DIMS = {"B": 3, "T": 120}
M = 12


def inputs(rng, dims):
    B, T = dims["B"], dims["T"]
    t = np.arange(T)
    season = np.sin(2 * np.pi * t / M)
    y = 10 + 0.002 * t + 2 * season + 0.3 * rng.standard_normal((B, T))
    return {"y": y,
            "l0": 10 + rng.standard_normal(B),
            "b0": 0.1 * rng.standard_normal(B),
            "s0": rng.standard_normal((B, M)),
            "alpha": rng.uniform(0.1, 0.9, B),
            "beta": rng.uniform(0.01, 0.3, B),
            "gamma": rng.uniform(0.05, 0.5, B)}


def reference(inp, dims):
    y, a, be, g = inp["y"], inp["alpha"], inp["beta"], inp["gamma"]
    B, T = y.shape
    level = np.empty((B, T)); trend = np.empty((B, T))
    season = np.empty((B, T)); yhat = np.empty((B, T))
    l, b = inp["l0"].copy(), inp["b0"].copy()
    hist = [inp["s0"][:, j] for j in range(M)]  # hist[-M] is s_{t-M}
    for t in range(T):
        s_m = hist[-M]
        yhat[:, t] = l + b + s_m
        l_new = a * (y[:, t] - s_m) + (1 - a) * (l + b)
        b_new = be * (l_new - l) + (1 - be) * b
        s_new = g * (y[:, t] - l - b) + (1 - g) * s_m
        l, b = l_new, b_new
        hist.append(s_new)
        level[:, t], trend[:, t], season[:, t] = l, b, s_new
    return {"yhat": yhat, "l": level, "b": trend, "s": season}
