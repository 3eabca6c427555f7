"""Serve the identity-verification sandbox with the standard library's wsgiref, threaded.

    python -m tongban.accounts.sandbox.server [--host 127.0.0.1] [--port 8701]

The key comes from TONGBAN_IDCHECK_KEY, as on the platform's side."""

from __future__ import annotations

import argparse
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from tongban.accounts.sandbox.app import application

DEFAULT_PORT = 8701


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class LogHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        # The request line only: the body holds names and ID numbers and is never logged.
        sys.stderr.write(f"idcheck {self.address_string()} {format % args}\n")


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    with make_server(host, port, application(), ThreadingWSGIServer, LogHandler) as server:
        print(f"idcheck sandbox on http://{host}:{server.server_port}", flush=True)
        server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="实名核验沙箱 identity-verification sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    options = parser.parse_args(argv)
    serve(options.host, options.port)


if __name__ == "__main__":
    main()
