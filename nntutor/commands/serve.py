"""``nntutor serve``: the app in a web browser, through textual-serve (the ``serve`` extra).

Every browser tab that connects gets its own ``nntutor`` process. The server binds
to 127.0.0.1 by default and admits only the URL it prints, which carries a secret token
(nntutor/webserver.py); on a shared or remote box, reach it through an SSH tunnel.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from nntutor.commands._common import add_subcommand
from nntutor.textsafe import echo

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers) -> None:
    parser = add_subcommand(
        subparsers,
        "serve",
        help="open nntutor in a web browser (needs the 'serve' extra)",
        description="Serve nntutor as a web page with textual-serve: every browser tab runs its own nntutor. "
        "Binds to 127.0.0.1 by default; from another machine, use an SSH tunnel (printed at start).",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address the browser uses, when it differs from http://HOST:PORT "
        "(for example a tunnel on another local port: http://localhost:9000)",
    )
    parser.add_argument(
        "--socket",
        metavar="PATH",
        help="listen on a Unix socket (mode 0600) instead of a port; forward it with "
        "ssh -L 8000:PATH",
    )
    parser.add_argument(
        "--token-file",
        metavar="FILE",
        help="also write the URL with its token to FILE (mode 0600), for scripts",
    )
    parser.add_argument(
        "--no-token",
        action="store_true",
        help="admit anyone who can reach the server (dangerous on a shared machine)",
    )
    parser.set_defaults(handler=run)


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser tab: this nntutor, with the same options."""
    argv = [sys.executable, "-m", "nntutor"]
    for option in ("lessons", "data_dir", "lang", "profile"):
        value = getattr(args, option, None)
        if value:
            argv += [f"--{option.replace('_', '-')}", str(value)]
    if getattr(args, "no_mouse", False):
        argv.append("--no-mouse")
    return shlex.join(argv)


def public_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def _login() -> str:
    """user@host as the learner would type it to reach this machine."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "you"
    return f"{user}@{socket.gethostname() or 'this-machine'}"


def tunnel_hint(
    host: str,
    port: int,
    login: str | None = None,
    url: str | None = None,
    socket: str | None = None,
) -> str:
    """How to reach the server from your own computer, in words (``url``: the one to open)."""
    local = host in ("127.0.0.1", "localhost", "::1")
    url = url or f"http://127.0.0.1:{port}"
    if socket is not None:
        return "\n".join(
            [
                f"nntutor is served on the Unix socket {socket} (only you can connect to it).",
                "From your own computer, open an SSH tunnel to it:",
                f"    ssh -N -L {port}:{socket} {login or _login()}",
                f"then open {url} in your browser.",
            ]
        )
    lines = [f"nntutor is served at {url}"]
    if local:
        lines += [
            "It listens on this machine only. From your own computer, open an SSH tunnel:",
            f"    ssh -N -L {port}:127.0.0.1:{port} {login or _login()}",
            f"then open {url} in your browser.",
            "(To use another local port, add --public-url http://127.0.0.1:LOCALPORT here.)",
        ]
    else:
        lines += [
            f"It listens on {host}: anyone who can reach this address and port can use it as you,",
            "with your progress. Prefer the default (127.0.0.1) and an SSH tunnel on a shared machine.",
        ]
        if host in ("0.0.0.0", "::", ""):
            lines.append(
                f"Browsers must be told this machine's name: add --public-url http://NAME:{port} "
                "(the page connects back to that address)."
            )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        echo(
            "nntutor serve needs textual-serve, which is not installed. Install it, in the folder\n"
            "you installed nntutor from, with:\n"
            f"    {Path(sys.executable).with_name('pip')} install '.[serve]'\n"
            "(from a package index: pip install 'nntutor[serve]')",
            file=sys.stderr,
        )
        return 2
    if not 0 < args.port < 65536:
        echo(f"nntutor serve: --port {args.port} is not a port number (1–65535).", file=sys.stderr)
        return 2
    from nntutor.webserver import OwnerOnlyServer, new_token, write_private

    if args.socket:
        base = args.public_url.rstrip("/") if args.public_url else f"http://127.0.0.1:{args.port}"
    else:
        base = args.public_url.rstrip("/") if args.public_url else public_url(args.host, args.port)
    token = None if args.no_token else new_token()
    server = OwnerOnlyServer(
        app_command(args),
        host=args.host,
        port=args.port,
        public_url=base,
        token=token,
        socket_path=args.socket,
    )
    where = args.socket or f"{args.host}:{args.port}"
    problem = None if args.socket else _cannot_listen(args.host, args.port)
    if problem is None:
        url = server.url_with_token()
        if args.no_token:
            echo(
                "WARNING: --no-token: anyone who can reach this server uses nntutor as you, "
                "with your progress. Other users of this machine can reach 127.0.0.1.",
                file=sys.stderr,
                flush=True,
            )
        if args.token_file:
            try:
                write_private(args.token_file, url + "\n")
            except OSError as exc:
                echo(
                    f"nntutor serve: cannot write --token-file {args.token_file}: {exc.strerror}",
                    file=sys.stderr,
                )
                return 2
        echo(tunnel_hint(args.host, args.port, url=url, socket=args.socket), flush=True)
        try:
            server.serve()
        except OSError as exc:
            problem = _explain(exc) if exc.errno else str(exc)
    if problem is not None:
        echo(f"nntutor serve: cannot listen on {where}: {problem}", file=sys.stderr)
        return 2
    return 0


def _explain(exc: OSError) -> str:
    import errno

    if exc.errno == errno.EADDRINUSE:
        return (
            "the port is in use. Is nntutor serve already running? Choose another port with --port."
        )
    if exc.errno == errno.EACCES:
        return (
            "permission denied (ports below 1024 need root). Choose a port above 1024 with --port."
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return "this machine has no such address. Use 127.0.0.1 (the default) or one of its own addresses."
    return f"{exc.strerror or exc}."


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen there (as aiohttp would: with SO_REUSEADDR), or None."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"unknown address ({exc.strerror}). Use 127.0.0.1 (the default) or one of this machine's addresses."
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return _explain(exc)
    return None
