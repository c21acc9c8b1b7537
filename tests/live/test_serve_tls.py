"""``groundup serve --ssl-certfile --ssl-keyfile``: HTTPS, so a phone's browser may open its camera."""

from __future__ import annotations

import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from server import free_port


def serve(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "groundup", "serve", "--db", str(cwd / "web.sqlite3"), "--data",
                           str(cwd / "data"), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_certificate_and_key_go_together(tmp_path: Path) -> None:
    proc = serve("--ssl-certfile", str(tmp_path / "cert.pem"), cwd=tmp_path)
    assert proc.returncode == 2 and "Give both --ssl-certfile and --ssl-keyfile, or neither." in proc.stderr


def test_a_missing_certificate_is_one_clear_line(tmp_path: Path) -> None:
    proc = serve("--ssl-certfile", str(tmp_path / "cert.pem"), "--ssl-keyfile", str(tmp_path / "key.pem"),
                 cwd=tmp_path)
    assert proc.returncode == 2 and "No file at" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_serves_the_live_page_over_https(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "groundup", "serve", "--port", str(port), "--db",
                               str(tmp_path / "web.sqlite3"), "--data", str(tmp_path / "data"),
                               "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"https://127.0.0.1:{port}/login", context=context, timeout=5) as r:
                    answer = r.status
            except OSError:
                time.sleep(0.2)
        assert answer == 200
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=20)
    assert f"https://127.0.0.1:{port}/" in stderr
