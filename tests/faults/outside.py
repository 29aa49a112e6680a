"""The outside world of the background-work fault tests: an SMTP server and a webhook
receiver, each of which can be up, hanging (accepts, never answers) or failing."""

import socketserver
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Switch:
    mode: str = "up"  # up | hang | fail
    connected: threading.Event = field(default_factory=threading.Event)

    def wait_while(self, mode: str, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while self.mode == mode and time.monotonic() < deadline:
            time.sleep(0.05)


class _Served:
    """A server on a free loopback port, in a thread; stopping it releases hanging clients."""

    switch: Switch

    def serve(self, server: socketserver.TCPServer) -> None:
        self.server = server
        self.server.daemon_threads = True  # type: ignore[attr-defined]
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.switch.mode = "up"
        self.server.shutdown()
        self.server.server_close()


class FakeSmtp(_Served):
    """Just enough SMTP for Django's backend: keeps (recipients, message) of each DATA."""

    def __init__(self) -> None:
        self.switch = Switch()
        self.messages: list[tuple[list[str], str]] = []
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                outer.switch.connected.set()
                if outer.switch.mode == "hang":
                    outer.switch.wait_while("hang")  # no greeting: the client times out
                    return
                self._reply("220 fake ESMTP")
                recipients: list[str] = []
                while line := self.rfile.readline():
                    command = line.decode(errors="replace").strip()
                    verb = command[:4].upper()
                    if verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip(" <>"))
                    if verb == "DATA":
                        self._reply("354 go on")
                        body = self._read_data()
                        outer.messages.append((recipients, body))
                        recipients = []
                    elif verb == "QUIT":
                        self._reply("221 bye")
                        return
                    self._reply("250 ok")

            def _read_data(self) -> str:
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line.decode(errors="replace"))
                return "".join(lines)

            def _reply(self, text: str) -> None:
                self.wfile.write(text.encode() + b"\r\n")

        self.serve(socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler))

    def recipients(self) -> list[str]:
        return sorted(address for to, _ in self.messages for address in to)


class FakeReceiver(_Served):
    """A webhook receiver: "up" answers 204, "hang" holds the request, "fail" answers 503."""

    def __init__(self) -> None:
        self.switch = Switch()
        self.delivered: list[bytes] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.switch.connected.set()
                if outer.switch.mode == "hang":
                    outer.switch.wait_while("hang")
                    return
                status = 503 if outer.switch.mode == "fail" else 204
                if status == 204:
                    outer.delivered.append(body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.serve(ThreadingHTTPServer(("127.0.0.1", 0), Handler))
