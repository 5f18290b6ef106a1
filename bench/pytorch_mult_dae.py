"""PyTorch reference for the mult-dae-epoch benchmark (not part of `npm run bench`; needs torch).

The same network and data shape as the app's `mult-dae` preset: binary rows of the per-user 80 %
training split, L2-normalised, input dropout 0.5, items -> 600 (tanh) -> items logits, multinomial
log-likelihood, L2 0.01 on the weights, Adam lr 1e-3, batches of 100 shuffled users. Prints one JSON
line: ms per epoch (forward + backward + Adam over all batches), the first epochs as warm-up.

    python3 bench/pytorch_mult_dae.py .bench-data/ml-latest-small/ratings.csv [--epochs 6] [--threads 2]
"""

import argparse
import csv
import json
import os
import time

import numpy as np
import torch


def training_matrix(path: str, seed: int = 42) -> np.ndarray:
    """Binary users x items matrix of a random 80 % of each user's ratings (MovieLens csv with header)."""
    users, items, pairs = {}, {}, []
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for r in rows:
            u = users.setdefault(r[0], len(users))
            i = items.setdefault(r[1], len(items))
            pairs.append((u, i))
    rng = np.random.default_rng(seed)
    by_user = [[] for _ in users]
    for u, i in pairs:
        by_user[u].append(i)
    x = np.zeros((len(users), len(items)), dtype=np.float32)
    for u, its in enumerate(by_user):
        its = np.array(its)
        rng.shuffle(its)
        x[u, its[: max(1, int(round(0.8 * len(its))))]] = 1
    return x


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ratings")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.from_numpy(training_matrix(a.ratings))
    users, items = x.shape
    enc, dec = torch.nn.Linear(items, 600), torch.nn.Linear(600, items)
    for layer in (enc, dec):
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    params = [*enc.parameters(), *dec.parameters()]
    opt = torch.optim.Adam(params, lr=1e-3)
    drop = torch.nn.Dropout(0.5)
    ms = []
    for _ in range(a.warmup + a.epochs):
        t0 = time.perf_counter()
        for idx in torch.randperm(users).split(100):
            batch = x[idx]
            h = torch.tanh(enc(drop(torch.nn.functional.normalize(batch, dim=1))))
            logits = dec(h)
            nll = -(torch.log_softmax(logits, 1) * batch).sum(1).mean()
            loss = nll + 0.01 * (enc.weight.square().sum() + dec.weight.square().sum()) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
        ms.append((time.perf_counter() - t0) * 1000)
    measured = sorted(ms[a.warmup :])
    print(
        json.dumps(
            {
                "bench": "pytorch-mult-dae-epoch",
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "users": users,
                "items": items,
                "median_ms": round(measured[len(measured) // 2], 1),
                "min_ms": round(measured[0], 1),
                "max_ms": round(measured[-1], 1),
                "samples_ms": [round(t, 1) for t in ms[a.warmup :]],
                "warmup": a.warmup,
            }
        )
    )


if __name__ == "__main__":
    main()
