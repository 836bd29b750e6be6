"""Subcommands of ``nntutor``: one module each, discovered by ``nntutor.cli``.

A module defines ``register(subparsers)`` (light imports only) and a handler
``run(args) -> int`` that calls into a core package. Modules whose name starts
with ``_`` are helpers, not subcommands.
"""
