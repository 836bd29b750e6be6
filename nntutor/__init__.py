"""nntutor: learn how neural networks work, in your terminal."""

__version__ = "0.1.0"
