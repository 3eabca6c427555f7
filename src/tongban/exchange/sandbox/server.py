"""Serve the sandbox department systems with the standard library's wsgiref: one process,
threaded so a slow client does not hold up the others.

    python -m tongban.exchange.sandbox.server [--host 127.0.0.1] [--port 8702]"""

from __future__ import annotations

import argparse
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from tongban.exchange.sandbox.app import application


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"sandbox {self.address_string()} {format % args}\n")


def serve(host: str = "127.0.0.1", port: int = 8702) -> None:
    with make_server(host, port, application(), ThreadingWSGIServer, QuietHandler) as server:
        print(f"sandbox department systems on http://{host}:{server.server_port}", flush=True)
        server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="部门系统沙箱 sandbox department systems")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8702)
    options = parser.parse_args(argv)
    serve(options.host, options.port)


if __name__ == "__main__":
    main()
