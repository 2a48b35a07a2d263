"""A TCP proxy in front of a search node that a test can cut or slow down, to play a node that
is down or hangs without stopping the real one the rest of the suite uses."""

import socket
import threading


class NodeProxy:
    def __init__(self, upstream_port=None, upstream_host="127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.mode = "forward"  # or "refuse" (node down) or "hang" (node too slow)
        self.connections = 0
        self._open = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def cut(self):
        self.mode = "refuse"
        for sock in list(self._open):
            _close(sock)
        self._open.clear()

    def hang(self):
        self.mode = "hang"

    def restore(self):
        self.mode = "forward"

    def stop(self):
        self._stopped = True
        self.cut()
        _close(self._server)

    def _accept(self):
        while not self._stopped:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            if self.mode == "refuse" or self.upstream[1] is None:
                _close(client)
            elif self.mode == "hang":
                self._open.append(client)  # read nothing, answer nothing
            else:
                try:
                    upstream = socket.create_connection(self.upstream, timeout=5)
                except OSError:
                    _close(client)
                    continue
                self._open += [client, upstream]
                for source, target in ((client, upstream), (upstream, client)):
                    threading.Thread(target=_pipe, args=(source, target), daemon=True).start()


def _pipe(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        _close(target)


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
