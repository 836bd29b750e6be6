"""The child side of the lab's "use my implementation": trains a network with the learner's parts.

Runs as ``python -I lab_child.py`` (see nntutor.runner.lab). The job comes on stdin, then
stdin is /dev/null; limits are set before any learner code is loaded. One JSON line per
report goes to the result pipe:

    {"event": "start", "parts_used": [...], "parts_unused": {part: reason}}
    {"event": "report", "epoch", "step", "train_loss", "val_loss", "val_acc",
     "grad_check": [max relative difference per layer], "elapsed_s", "cpu_s", "boundary"?}
    {"event": "outcome", "status": "finished" | "error" | "limit", "error"?, "limit"?}

Between reports, {"event": "alive"} at most once a second, so that the parent can tell a
slow epoch from a hang. The reference implementation the learner's gradients are compared
with is written here in plain NumPy, in the lessons' notation (one sample per row).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import sys
import time
import traceback

DEFAULT_LR = {"sgd": 0.1, "momentum": 0.01, "adam": 0.01}


class Stop(Exception):
    """Training cannot go on; ``message`` says why, in the learner's words."""

    def __init__(self, message: str, limit: str | None = None):
        super().__init__(message)
        self.message = message
        self.limit = limit


MESSAGES = {
    "en": {
        "nan": "the loss became {value} at epoch {epoch}, step {step}: the training diverged "
        "(a wrong gradient, or a learning rate too large)",
        "shape": "{function} in {file} returned {what} of shape {got}, expected {want}",
        "returned": "{function} in {file} returned {got}, expected {want}",
        "missing": "{file} defines no `{name}`; keep the names the exercise gave them",
        "task": "the lab trains your code on classification datasets; {dataset!r} is a regression one",
        "unused_activation": "your file has sigmoid; this network uses {activation}",
        "unused_optimizer": "your file has no {function} for the {optimizer} optimizer",
        "unused_network": "your network_backward is for one tanh hidden layer; this network has {layers}",
    },
    "ru": {
        "nan": "потери стали {value} на эпохе {epoch}, шаге {step}: обучение разошлось "
        "(неверный градиент или слишком большая скорость обучения)",
        "shape": "{function} в {file} вернула {what} формы {got}, ожидалась {want}",
        "returned": "{function} в {file} вернула {got}, ожидалось {want}",
        "missing": "в {file} нет `{name}`; сохраните имена, данные в упражнении",
        "task": "лаборатория учит ваш код на задачах классификации; {dataset!r} — регрессия",
        "unused_activation": "в вашем файле sigmoid; в этой сети {activation}",
        "unused_optimizer": "в вашем файле нет {function} для оптимизатора {optimizer}",
        "unused_network": "ваша network_backward — для одного скрытого слоя tanh; в этой сети {layers}",
    },
}


class Reference:
    """The engine's arithmetic in plain NumPy: what the learner's parts are checked against."""

    def __init__(self, np):
        self.np = np

    def dense_forward(self, A_in, W, b):
        return A_in @ W.T + b

    def dense_backward(self, dZ, A_in, W):
        return dZ.T @ A_in / len(A_in), dZ.mean(axis=0), dZ @ W

    def activation(self, name):
        """f(z) and f′ as a function of z and a = f(z) (tanh′ and σ′ are cheapest from a)."""
        np = self.np
        if name == "tanh":
            return np.tanh, lambda z, a: 1.0 - a * a
        if name == "sigmoid":
            return (lambda z: 1.0 / (1.0 + np.exp(-z))), (lambda z, a: a * (1.0 - a))
        if name == "relu":
            return (lambda z: np.maximum(z, 0.0)), (lambda z, a: (z > 0).astype(z.dtype))
        return (lambda z: z), (lambda z, a: np.ones_like(z))

    def cross_entropy(self, Z, y):
        np = self.np
        S = Z - Z.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(S).sum(axis=1)) - S[np.arange(len(y)), y]))

    def cross_entropy_grad(self, Z, y):
        np = self.np
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        P = E / E.sum(axis=1, keepdims=True)
        P[np.arange(len(y)), y] -= 1.0
        return P


class Trainer:
    def __init__(self, job: dict, out, np):
        self.np = np
        self.job = job
        self.out = out
        self.cfg = job["config"]
        lang = job.get("lang", "en")
        self.text = MESSAGES.get(lang, MESSAGES["en"])
        self.ref = Reference(np)
        self.files = {}  # learner file path -> shown name
        self.parts = {}
        self.last_emit = time.perf_counter()
        # what the learner's functions return is checked on the first batch of every epoch,
        # on a batch of another size, and in evaluations: its shapes depend only on the inputs'
        self.checking = True

    # -- loading -----------------------------------------------------------------------------
    def load_parts(self) -> None:
        from nntutor.runner.harness import load

        for part, spec in self.job["parts"].items():
            self.files[spec["path"]] = os.path.basename(spec["path"])
            self.parts[part] = (load(spec["source"], spec["path"], part), spec["path"])

    def fn(self, part: str, name: str):
        namespace, path = self.parts[part]
        if name not in namespace:
            raise Stop(self.text["missing"].format(file=self.files[path], name=name))
        return namespace[name]

    def has(self, part: str, *names: str) -> bool:
        return part in self.parts and all(n in self.parts[part][0] for n in names)

    # -- checks on what the learner's functions return ----------------------------------------
    def array(self, value, shape, function: str, part: str, what: str = "an array"):
        np = self.np
        if not self.checking or (type(value) is np.ndarray and value.shape == tuple(shape)):
            return value
        file = self.files[self.parts[part][1]]
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise Stop(
                self.text["returned"].format(
                    function=function,
                    file=file,
                    got=type(value).__name__,
                    want=f"numbers of shape {shape}",
                )
            ) from None
        if arr.shape != tuple(shape):
            raise Stop(
                self.text["shape"].format(
                    function=function, file=file, what=what, got=arr.shape, want=tuple(shape)
                )
            )
        return arr

    def tuple_of(self, value, count: int, function: str, part: str):
        if not self.checking:
            return value
        if not isinstance(value, (tuple, list)) or len(value) != count:
            file = self.files[self.parts[part][1]]
            got = (
                type(value).__name__
                if not isinstance(value, (tuple, list))
                else f"{len(value)} values"
            )
            raise Stop(
                self.text["returned"].format(
                    function=function, file=file, got=got, want=f"{count} values"
                )
            )
        return value

    # -- the network -------------------------------------------------------------------------
    def setup(self) -> None:
        np = self.np
        from nntutor.engine.data import make_dataset, split_validation

        cfg = self.cfg
        data = make_dataset(
            cfg.get("dataset", "spirals"),
            int(cfg.get("samples", 1000)),
            cfg.get("noise"),
            int(cfg.get("seed", 0)),
        )
        if data.task != "classification":
            raise Stop(self.text["task"].format(dataset=data.name))
        split = split_validation(data, float(cfg.get("val_fraction", 0.2)), int(cfg.get("seed", 0)))
        self.X, self.y = split.X, split.y.astype(np.int64)
        self.X_val = split.X_val
        self.y_val = split.y_val.astype(np.int64) if split.y_val is not None else None
        classes = int(max(self.y.max(), self.y_val.max() if self.y_val is not None else 0)) + 1
        self.classes = max(classes, 2)
        self.hidden = [int(h) for h in cfg.get("hidden", (16, 16))]
        self.activation_name = cfg.get("activation", "tanh")
        sizes = [self.X.shape[1], *self.hidden, self.classes]
        rng = np.random.default_rng(int(cfg.get("seed", 0)))
        # all parameters in one flat vector, each W and b a view of it (as the engine keeps them),
        # so that an optimizer step is a few whole-vector operations
        shapes = []
        for fan_in, fan_out in itertools.pairwise(sizes):
            shapes += [(fan_out, fan_in), (fan_out,)]
        total = sum(math.prod(shape) for shape in shapes)
        self.flat, self.flat_grads = np.zeros(total), np.zeros(total)
        self.params, self.grad_views = (
            self.views(self.flat, shapes),
            self.views(self.flat_grads, shapes),
        )
        for W, (fan_out, fan_in) in zip(self.params[::2], shapes[::2], strict=True):
            W[...] = rng.normal(0.0, math.sqrt(1.0 / fan_in), size=(fan_out, fan_in))
        self.rng = rng
        self.optimizer = cfg.get("optimizer", "adam")
        self.lr = float(cfg.get("lr") or DEFAULT_LR.get(self.optimizer, 0.01))
        self.beta = float(cfg.get("momentum", 0.9))
        self.batch_size = max(1, min(int(cfg.get("batch_size", 32)), len(self.X)))
        self.m, self.v = np.zeros(total), np.zeros(total)
        self.state = self.views(self.m, shapes)
        self.scratch = np.zeros(total)
        self.t = 0
        self.choose_parts()

    @staticmethod
    def views(flat, shapes) -> list:
        out, at = [], 0
        for shape in shapes:
            size = math.prod(shape)
            out.append(flat[at : at + size].reshape(shape))
            at += size
        return out

    def choose_parts(self) -> None:
        used, unused = [], {}
        f, fp = self.ref.activation(self.activation_name)
        if "activation" in self.parts:
            if self.activation_name == "sigmoid":
                f, sigmoid_prime = (
                    self.fn("activation", "sigmoid"),
                    self.fn("activation", "sigmoid_prime"),
                )
                fp = lambda z, a: sigmoid_prime(z)  # noqa: E731
                used.append("activation")
            else:
                unused["activation"] = self.text["unused_activation"].format(
                    activation=self.activation_name
                )
        self.f, self.f_prime = f, fp
        self.mine = {}  # the learner's functions in use, looked up once
        if "dense" in self.parts:
            self.mine["dense_forward"] = self.fn("dense", "dense_forward")
            self.mine["dense_backward"] = self.fn("dense", "dense_backward")
            used.append("dense")
        if "loss" in self.parts:
            self.mine["cross_entropy"] = self.fn("loss", "cross_entropy")
            self.mine["cross_entropy_grad"] = self.fn("loss", "cross_entropy_grad")
            used.append("loss")
        self.network_backward = None
        if "network" in self.parts:
            if len(self.hidden) == 1 and self.activation_name == "tanh":
                self.network_backward = self.fn("network", "network_backward")
                used.append("network")
            else:
                layers = f"{len(self.hidden)} × {self.activation_name}"
                unused["network"] = self.text["unused_network"].format(layers=layers)
        self.step_fn = None
        if "optimizer" in self.parts:
            function = {"sgd": "sgd_step", "momentum": "momentum_step"}.get(
                self.optimizer, f"{self.optimizer}_step"
            )
            if self.has("optimizer", function):
                self.step_fn = self.fn("optimizer", function)
                used.append("optimizer")
            else:
                unused["optimizer"] = self.text["unused_optimizer"].format(
                    function=function, optimizer=self.optimizer
                )
        self.emit(event="start", parts_used=used, parts_unused=unused)

    def forward(self, X, learner: bool = True):
        """Every layer's input and z, and the output scores."""
        dense = (
            self.mine["dense_forward"]
            if learner and "dense_forward" in self.mine
            else self.ref.dense_forward
        )
        f = self.f if learner else self.ref.activation(self.activation_name)[0]
        inputs, zs = [], []
        A = X
        layers = len(self.params) // 2
        for layer in range(layers):
            W, b = self.params[2 * layer], self.params[2 * layer + 1]
            inputs.append(A)
            Z = dense(A, W, b)
            if learner and "dense" in self.parts:
                Z = self.array(Z, (len(A), W.shape[0]), "dense_forward", "dense", "Z")
            zs.append(Z)
            A = f(Z) if layer < layers - 1 else Z
        inputs.append(A)
        return inputs, zs

    def loss(self, Z, y, learner: bool = True) -> float:
        if learner and "loss" in self.parts:
            value = self.mine["cross_entropy"](Z, y)
            return float(self.array(value, (), "cross_entropy", "loss", "the loss"))
        return self.ref.cross_entropy(Z, y)

    def gradients(self, X, y, learner: bool = True):
        """(loss, [dW1, db1, dW2, db2, …]) for one batch, with the learner's parts or the reference."""
        inputs, zs = self.forward(X, learner)
        Z = zs[-1]
        C = self.loss(Z, y, learner)
        if learner and self.network_backward is not None:
            grads = self.tuple_of(
                self.network_backward(X, y, *self.params), 4, "network_backward", "network"
            )
            return C, [
                self.array(g, p.shape, "network_backward", "network", name)
                for g, p, name in zip(grads, self.params, ("dW1", "db1", "dW2", "db2"), strict=True)
            ]
        if learner and "loss" in self.parts:
            dZ = self.array(
                self.mine["cross_entropy_grad"](Z, y),
                Z.shape,
                "cross_entropy_grad",
                "loss",
                "dZ",
            )
        else:
            dZ = self.ref.cross_entropy_grad(Z, y)
        use_dense = learner and "dense" in self.parts
        backward = self.mine["dense_backward"] if use_dense else self.ref.dense_backward
        f_prime = self.f_prime if learner else self.ref.activation(self.activation_name)[1]
        layers = len(self.params) // 2
        grads = [None] * len(self.params)
        for layer in range(layers - 1, -1, -1):
            W = self.params[2 * layer]
            out = backward(dZ, inputs[layer], W)
            if use_dense:
                out = self.tuple_of(out, 3, "dense_backward", "dense")
                dW = self.array(out[0], W.shape, "dense_backward", "dense", "dW")
                db = self.array(out[1], W.shape[:1], "dense_backward", "dense", "db")
                dA = self.array(out[2], inputs[layer].shape, "dense_backward", "dense", "dA_in")
            else:
                dW, db, dA = out
            grads[2 * layer], grads[2 * layer + 1] = dW, db
            if layer > 0:
                dZ = dA * f_prime(zs[layer - 1], inputs[layer])
        return C, grads

    def step(self, grads) -> None:
        np = self.np
        if self.step_fn is not None:
            name = f"{self.optimizer}_step"
            if self.optimizer == "momentum":
                out = self.step_fn(self.params, grads, self.state, self.lr, self.beta)
                params, velocities = self.tuple_of(out, 2, name, "optimizer")
                velocities = self.tuple_of(velocities, len(self.params), name, "optimizer")
                self.state = [
                    self.array(v, old.shape, name, "optimizer", "a velocity")
                    for v, old in zip(velocities, self.state, strict=True)
                ]
            else:
                params = self.step_fn(self.params, grads, self.lr)
            params = self.tuple_of(params, len(self.params), name, "optimizer")
            # the learner's optimizer owns the parameters from here on (no flat vector needed)
            self.params = [
                self.array(p, old.shape, name, "optimizer", "a parameter")
                for p, old in zip(params, self.params, strict=True)
            ]
            return
        for view, g in zip(self.grad_views, grads, strict=True):
            view[...] = g
        g, p, m, v, tmp = self.flat_grads, self.flat, self.m, self.v, self.scratch
        if self.optimizer == "sgd":
            np.multiply(g, self.lr, out=tmp)
            p -= tmp
        elif self.optimizer == "momentum":  # v ← μ·v + g, w ← w − lr·v
            m *= self.beta
            m += g
            np.multiply(m, self.lr, out=tmp)
            p -= tmp
        else:  # adam, as the engine: β1 = 0.9, β2 = 0.999, ε = 1e-8, bias-corrected
            self.t += 1
            b1, b2 = 0.9, 0.999
            m *= b1
            np.multiply(g, 1 - b1, out=tmp)
            m += tmp
            v *= b2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - b2
            v += tmp
            c1, c2 = 1 - b1**self.t, 1 - b2**self.t
            np.divide(v, c2, out=tmp)
            np.sqrt(tmp, out=tmp)
            tmp += 1e-8
            np.divide(m, tmp, out=tmp)
            tmp *= self.lr / c1
            p -= tmp

    def grad_check(self, X, y) -> list[float]:
        """The largest relative difference between the learner's and the reference gradients, per layer."""
        np = self.np
        _, mine = self.gradients(X, y, learner=True)
        _, ref = self.gradients(X, y, learner=False)
        out = []
        for layer in range(len(self.params) // 2):
            worst = 0.0
            for i in (2 * layer, 2 * layer + 1):
                a, b = np.asarray(mine[i], dtype=float), np.asarray(ref[i], dtype=float)
                scale = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), 1e-12)
                diff = float(np.max(np.abs(a - b))) / scale
                worst = max(worst, diff if math.isfinite(diff) else float("inf"))
            out.append(worst)
        return out

    def boundary(self, size: int):
        np = self.np
        lo, hi = self.X.min(axis=0) - 0.2, self.X.max(axis=0) + 0.2
        xs, ys = np.linspace(lo[0], hi[0], size), np.linspace(lo[1], hi[1], size)
        grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
        _, zs = self.forward(grid, learner=False)
        classes = zs[-1].argmax(axis=1).reshape(size, size)
        return {
            "extent": [float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])],
            "classes": classes.tolist(),
        }

    # -- the loop ----------------------------------------------------------------------------
    def emit(self, **event) -> None:
        self.out.write(json.dumps(event) + "\n")
        self.out.flush()
        self.last_emit = time.perf_counter()

    def run(self) -> None:
        np = self.np
        epochs = int(self.cfg.get("epochs", 100))
        pace = float(self.cfg.get("pace", 0) or 0)
        grid = int(self.cfg.get("boundary", 0) or 0)
        started, cpu_started = time.perf_counter(), time.process_time()
        steps = 0
        n = len(self.X)
        for epoch in range(1, epochs + 1):
            epoch_started = time.perf_counter()
            order = self.rng.permutation(n)
            total, batches = 0.0, 0
            for start in range(0, n, self.batch_size):
                idx = order[start : start + self.batch_size]
                self.checking = start == 0 or len(idx) != self.batch_size
                C, grads = self.gradients(self.X[idx], self.y[idx])
                steps += 1
                if not math.isfinite(C):
                    raise Stop(self.text["nan"].format(value=C, epoch=epoch, step=steps))
                total += C
                batches += 1
                self.step(grads)
                if time.perf_counter() - self.last_emit > 1.0:
                    self.emit(event="alive", step=steps)
            self.checking = True
            report = {
                "event": "report",
                "epoch": epoch,
                "step": steps,
                "train_loss": total / batches,
            }
            if self.X_val is not None:
                _, zs = self.forward(self.X_val)
                report["val_loss"] = self.loss(zs[-1], self.y_val)
                report["val_acc"] = float(np.mean(zs[-1].argmax(axis=1) == self.y_val))
                if not math.isfinite(report["val_loss"]):
                    raise Stop(
                        self.text["nan"].format(value=report["val_loss"], epoch=epoch, step=steps)
                    )
            else:
                report["val_loss"] = report["val_acc"] = None
            check = order[: min(64, n)]
            report["grad_check"] = self.grad_check(self.X[check], self.y[check])
            report["elapsed_s"] = time.perf_counter() - started
            report["cpu_s"] = time.process_time() - cpu_started
            if grid and self.X.shape[1] == 2:
                report["boundary"] = self.boundary(grid)
            self.emit(**report)
            if pace > 0:
                time.sleep(max(0.0, 1.0 / pace - (time.perf_counter() - epoch_started)))

    def where(self, exc: BaseException) -> str:
        from nntutor.runner.harness import locate

        best = None
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename in self.files:
                best = frame.filename
        if isinstance(exc, SyntaxError) and exc.filename in self.files:
            best = exc.filename
        if best is not None:
            return locate(exc, best, self.files[best])
        return f"{type(exc).__name__}: {exc}"


def main() -> None:
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    out = os.fdopen(int(job["result_fd"]), "w", encoding="utf-8", buffering=1)
    if job.get("package_root") and job["package_root"] not in sys.path:
        sys.path.append(job["package_root"])
    from nntutor.runner.harness import no_new_processes, set_limits

    set_limits(job["limits"])
    import numpy as np

    np.seterr(
        all="ignore"
    )  # overflow in the learner's exp is reported as a NaN loss, not a warning flood
    no_new_processes()
    trainer = Trainer(job, out, np)
    try:
        trainer.load_parts()
        trainer.setup()
        trainer.run()
        trainer.emit(event="outcome", status="finished")
    except MemoryError:
        trainer.emit(event="outcome", status="limit", limit="memory")
    except Stop as stop:
        trainer.emit(event="outcome", status="error", error=stop.message)
    except (Exception, SystemExit) as exc:  # noqa: BLE001  (anything the learner's code raises)
        trainer.emit(event="outcome", status="error", error=trainer.where(exc))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
