"""The lab's save dialog, when the name ends in .py: the network as a script.

``name.py`` writes a standalone NumPy script (engine/export.py); ``name_torch.py``
(or ``name.torch.py``) the same network as a PyTorch ``nn.Sequential``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nntutor.lab.weights import make_folder_for

if TYPE_CHECKING:
    from nntutor.lab.session import LabSession


def is_script_name(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".py"


def is_torch_name(path: str | Path) -> bool:
    stem = Path(path).stem.lower()
    return stem.endswith("_torch") or stem.endswith(".torch")


def export_session(session: LabSession, path: str | Path) -> list[Path]:
    """Write the session's network as a script (NumPy, or PyTorch for *_torch.py); the files written.

    The caller holds ``session.lock``."""
    path = Path(path).expanduser()
    make_folder_for(path)
    if is_torch_name(path):
        return [session.trainer.export_torch(path)]
    return session.trainer.export_numpy(path)
