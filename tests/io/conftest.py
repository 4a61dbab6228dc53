"""A local HTTP server on 127.0.0.1 serving a temporary folder."""

import functools
import http.server
import threading

import pytest


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files; `/truncated/<name>` announces the full size, sends half."""

    requests = None  # set per server: the list of paths requested

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.requests.append(self.path)
        if not self.path.startswith("/truncated/"):
            return super().do_GET()
        body = (self.server.root / self.path.removeprefix("/truncated/")).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])


class LocalServer:
    def __init__(self, root):
        self.root = root
        self.requests = []
        handler = type("Handler", (_Handler,), {"requests": self.requests})
        self._httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
        )
        self._httpd.root = root
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()

    def url(self, path):
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/{path}"

    def close(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


@pytest.fixture
def server(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    local = LocalServer(served)
    yield local
    local.close()


@pytest.fixture
def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/missing.bin"
