"""A trained network as a script that runs without nntutor: NumPy, or PyTorch.

``export_numpy`` writes a standalone Python file whose ``predict(X)`` returns what
the engine's ``predict`` returns (class probabilities for classification, values for
regression), computed with the same NumPy operations in the same dtype. Run as
``python net.py DATA.npz`` it prints the accuracy (or the mean squared error) on that
file's X and y. Small networks carry their weights inline; larger ones (or on
request) in an .npz file beside the script.

``export_torch`` writes the same network as a PyTorch ``nn.Sequential`` with the
weights loaded. nntutor never imports torch: the script does, where it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nntutor.engine.errors import ConfigError
from nntutor.engine.features import FEATURES
from nntutor.engine.network import Network

INLINE_LIMIT = 5000  # parameters; more go into an .npz beside the script

_NUMPY_ACTIVATIONS = {
    "sigmoid": "np.exp(-np.logaddexp(0, -z))",
    "tanh": "np.tanh(z)",
    "relu": "np.maximum(z, 0)",
    "leaky_relu": "np.maximum(z, z * 0.01)",
    "softplus": "np.logaddexp(0, z)",
    "linear": "z",
}
_NUMPY_HEADS = {
    "mse": "z",
    "bce": "np.exp(-np.logaddexp(0, -z))",
    "ce": "np.exp(z - _log_sum_exp(z))",
}
_TORCH_ACTIVATIONS = {
    "sigmoid": "nn.Sigmoid()",
    "tanh": "nn.Tanh()",
    "relu": "nn.ReLU()",
    "leaky_relu": "nn.LeakyReLU(0.01)",
    "softplus": "nn.Softplus()",
    "linear": "nn.Identity()",
}
_TORCH_HEADS = {"mse": None, "bce": "nn.Sigmoid()", "ce": "nn.Softmax(dim=1)"}


def _array_text(values: np.ndarray) -> str:
    """A nested list literal that reads back to exactly these float32/float64 values."""
    values = np.asarray(values, dtype=np.float64)  # float32 → float64 is exact, repr round-trips
    if values.ndim == 1:
        return "[" + ", ".join(repr(float(v)) for v in values) + "]"
    return "[\n        " + ",\n        ".join(_array_text(row) for row in values) + ",\n    ]"


def _layers(network: Network) -> list[tuple[np.ndarray, np.ndarray]]:
    return network.get_weights()


def _header(network: Network, features: Sequence[str] | None, tool: str) -> str:
    acts = ", ".join(network.activations) or "no hidden layer"
    shown = ", ".join(features) if features else "x1, x2" if network.sizes[0] == 2 else "raw inputs"
    return (
        f'"""A {network} network exported by nntutor ({tool}).\n\n'
        f"Inputs: {shown}. Hidden activations: {acts}. Loss head: {network.head.name} "
        f"(output: {network.head.output_activation}).\n"
    )


def _features_code(features: Sequence[str] | None, indent: str = "    ") -> str:
    if not features:
        return f"{indent}return X\n"
    columns = ", ".join(FEATURES[name] for name in features)
    return f"{indent}return np.stack([{columns}], axis=1)\n"


def export_numpy(
    network: Network,
    path: str | Path,
    features: Sequence[str] | None = None,
    *,
    inline: bool | None = None,
) -> list[Path]:
    """Write the standalone NumPy script (and, for large networks, its .npz); returns the paths."""
    path = Path(path).expanduser()
    if path.suffix != ".py":
        raise ConfigError(
            f"the NumPy export is a Python script: name it with .py, like net.py (got {path.name})"
        )
    layers = _layers(network)
    count = sum(W.size + b.size for W, b in layers)
    inline = count <= INLINE_LIMIT if inline is None else inline
    dtype = network.dtype.name
    acts = [*network.activations, None]
    lines = [_header(network, features, "NumPy")]
    lines.append(
        "Use it from Python (``from net import predict``) or run ``python net.py DATA.npz``,\n"
        "where DATA.npz holds X (inputs) and y (targets), to print the accuracy.\n"
        '"""\n\nimport sys\nfrom pathlib import Path\n\nimport numpy as np\n\n'
        f'DTYPE = np.{dtype}\nHEAD = "{network.head.name}"\n'
        f"ACTIVATIONS = {[a for a in acts if a is not None]!r}\n"
    )
    written = [path]
    if inline:
        lines.append("LAYERS = [\n")
        for W, b in layers:
            lines.append(
                f"    (\n        np.array({_array_text(W)}, dtype=DTYPE),\n"
                f"        np.array({_array_text(b)}, dtype=DTYPE),\n    ),\n"
            )
        lines.append("]\n")
    else:
        npz = path.with_suffix(".npz")
        arrays = {}
        for number, (W, b) in enumerate(layers, start=1):
            arrays[f"W{number}"], arrays[f"b{number}"] = W, b
        _write(npz, lambda f: np.savez(f, **arrays), binary=True)
        written.append(npz)
        lines.append(
            f'\n_WEIGHTS = np.load(Path(__file__).with_name("{npz.name}"), allow_pickle=False)\n'
            "LAYERS = [\n"
            f'    (_WEIGHTS[f"W{{n}}"].astype(DTYPE), _WEIGHTS[f"b{{n}}"].astype(DTYPE))\n'
            f"    for n in range(1, {len(layers)} + 1)\n]\n"
        )
    lines.append(
        "\n\ndef features(X):\n"
        '    """The columns the network reads, computed from the raw inputs."""\n'
        + _features_code(features)
        + "\n\ndef _log_sum_exp(z):\n"
        "    m = np.max(z, axis=1, keepdims=True)\n"
        "    return np.log(np.sum(np.exp(z - m), axis=1, keepdims=True)) + m\n"
        "\n\ndef activation(name, z):\n"
    )
    for name in dict.fromkeys(a for a in acts if a is not None):
        lines.append(f'    if name == "{name}":\n        return {_NUMPY_ACTIVATIONS[name]}\n')
    lines.append('    raise ValueError(f"unknown activation {name}")\n')
    lines.append(
        "\n\ndef predict(X):\n"
        '    """The network\'s outputs for inputs X (one sample per row): '
        + (
            'class probabilities."""\n'
            if network.head.classification
            else 'the predicted values."""\n'
        )
        + "    X = np.asarray(X, dtype=np.float64)\n"
        f"    if X.ndim == 1:\n        X = X.reshape(-1, {network.sizes[0] if not features else 2})\n"
        "    a = features(X.reshape(len(X), -1)).astype(DTYPE)\n"
        "    for index, (W, b) in enumerate(LAYERS):\n"
        "        z = a @ W.T\n"
        "        z += b\n"
        "        a = activation(ACTIVATIONS[index], z) if index < len(ACTIVATIONS) else z\n"
        f"    z = a\n    return {_NUMPY_HEADS[network.head.name]}\n"
        "\n\ndef score(X, y):\n"
        '    """(name, value): accuracy for classification, mean squared error for regression."""\n'
        "    out = predict(X)\n"
        "    y = np.asarray(y)\n"
        '    if HEAD == "mse":\n'
        '        return "mean squared error", float(np.mean((out - y.reshape(out.shape)) ** 2))\n'
        '    if HEAD == "ce":\n'
        "        labels = np.argmax(y, axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(-1)\n"
        '        return "accuracy", float(np.mean(np.argmax(out, axis=1) == labels))\n'
        '    return "accuracy", float(np.mean((out > 0.5) == (y.reshape(out.shape) > 0.5)))\n'
        "\n\ndef main(argv):\n"
        "    if len(argv) != 2:\n"
        '        print(f"usage: python {Path(argv[0]).name} DATA.npz  (arrays X and y)", file=sys.stderr)\n'
        "        return 2\n"
        "    try:\n"
        "        with np.load(argv[1], allow_pickle=False) as data:\n"
        '            X, y = data["X"], data["y"]\n'
        "    except (OSError, ValueError, KeyError) as exc:\n"
        '        print(f"cannot read X and y from {argv[1]}: {exc}", file=sys.stderr)\n'
        "        return 2\n"
        "    name, value = score(X, y)\n"
        '    shown = f"{value:.2%}" if name == "accuracy" else f"{value:.6g}"\n'
        '    print(f"{name} on {len(X)} samples: {shown}")\n'
        "    return 0\n"
        '\n\nif __name__ == "__main__":\n    sys.exit(main(sys.argv))\n'
    )
    _write(path, lambda f: f.write("".join(lines).encode("utf-8")), binary=True)
    return written


def export_torch(network: Network, path: str | Path, features: Sequence[str] | None = None) -> Path:
    """Write the network as a PyTorch ``nn.Sequential`` script with the weights loaded."""
    path = Path(path).expanduser()
    if path.suffix != ".py":
        raise ConfigError(
            f"the PyTorch export is a Python script: name it with .py, like net_torch.py (got {path.name})"
        )
    layers = _layers(network)
    torch_dtype = "torch.float64" if network.dtype == np.float64 else "torch.float32"
    lines = [_header(network, features, "PyTorch")]
    lines.append(
        "``model`` is an nn.Sequential; ``predict(X)`` takes a NumPy array or a tensor and returns\n"
        "what nntutor's predict returns"
        + (" (class probabilities)" if network.head.classification else " (the values)")
        + ". For training, drop the last module when it is\n"
        "a Sigmoid or Softmax and use BCEWithLogitsLoss or CrossEntropyLoss on the logits.\n"
        '"""\n\nimport torch\nfrom torch import nn\n\n'
        f"DTYPE = {torch_dtype}\n"
    )
    if features:
        columns = ", ".join(FEATURES[name].replace("np.sin", "torch.sin") for name in features)
        lines.append(
            "\n\nclass Features(nn.Module):\n"
            f'    """The columns the network reads: {", ".join(features)}."""\n\n'
            "    def forward(self, X):\n"
            f"        return torch.stack([{columns}], dim=1)\n"
        )
    modules = ["Features()"] if features else []
    for index, (W, _) in enumerate(layers):
        out_count, in_count = W.shape
        modules.append(f"nn.Linear({in_count}, {out_count})")
        if index < len(network.activations):
            modules.append(_TORCH_ACTIVATIONS[network.activations[index]])
    if _TORCH_HEADS[network.head.name]:
        modules.append(_TORCH_HEADS[network.head.name])
    lines.append(
        "\n\nmodel = nn.Sequential(\n" + "".join(f"    {m},\n" for m in modules) + ").to(DTYPE)\n"
        "_linears = [m for m in model if isinstance(m, nn.Linear)]\n"
        "_weights = [\n"
    )
    for W, b in layers:
        lines.append(f"    ({_array_text(W)}, {_array_text(b)}),\n")
    lines.append(
        "]\n"
        "with torch.no_grad():\n"
        "    for linear, (W, b) in zip(_linears, _weights):\n"
        "        linear.weight.copy_(torch.tensor(W, dtype=DTYPE))\n"
        "        linear.bias.copy_(torch.tensor(b, dtype=DTYPE))\n"
        "model.eval()\n"
        "\n\ndef predict(X):\n"
        "    X = torch.as_tensor(X, dtype=torch.float64).to(DTYPE)\n"
        "    with torch.no_grad():\n"
        "        return model(X).numpy()\n"
    )
    _write(path, lambda f: f.write("".join(lines).encode("utf-8")), binary=True)
    return path


def _write(path: Path, write, binary: bool = True) -> None:
    try:
        with open(path, "wb") as f:
            write(f)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
