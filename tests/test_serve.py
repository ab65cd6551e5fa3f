"""`make serve`: an edit to one YAML file shows after one rebuild."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def wait_for(url: str, text: str, server: subprocess.Popen, what: str, seconds: float = 180) -> None:
    """Poll the page until it shows the text (the server may be starting or restarting)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if text in fetch(url):
                return
        except OSError:
            pass
        assert time.monotonic() < deadline and server.poll() is None, what
        time.sleep(0.5)


def test_yaml_edit_is_served_after_a_rebuild(catalog_copy):
    port = free_port()
    env = dict(os.environ, FIELDGUIDE_DATA=str(catalog_copy.path), NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/models/mixtral-8x7b/"
    try:
        wait_for(url, "Mixtral 8x7B", server, "mkdocs serve did not start")
        catalog_copy.edit("models/mixtral-8x7b.yaml", "name: Mixtral 8x7B", "name: Mixtral 8x7B Live")
        wait_for(url, "Mixtral 8x7B Live", server, "the edit never showed")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_python_edit_is_served_after_a_restart(tmp_path):
    """`make serve`'s command: an edit to the package's Python restarts the server, and the
    page shows the change (on a copy of the package, first on PYTHONPATH)."""
    import shutil

    package = tmp_path / "src"
    shutil.copytree(ROOT / "fieldguide", package / "fieldguide", ignore=shutil.ignore_patterns("__pycache__"))
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(package), NO_MKDOCS_2_WARNING="1")
    env.pop("FIELDGUIDE_DATA", None)
    bin_dir = os.path.dirname(sys.executable)
    command = [os.path.join(bin_dir, "watchmedo"), "auto-restart", "--directory", str(package / "fieldguide"),
               "--patterns", "**/*.py", "--recursive", "--debounce-interval", "0.5", "--signal", "SIGTERM", "--",
               os.path.join(bin_dir, "mkdocs"), "serve", "--strict", "-a", f"127.0.0.1:{port}"]  # not -m: the copy, not ./fieldguide
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/models/mixtral-8x7b/"
    try:
        wait_for(url, "Key facts", server, "the server did not start")
        facts = package / "fieldguide" / "site" / "templates" / "model.md.j2"
        facts.write_text(facts.read_text().replace("## Key facts {", "## Key facts at a glance {"))
        render = package / "fieldguide" / "site" / "render.py"
        render.write_text(render.read_text() + "\n# edited\n")  # a Python edit triggers the restart
        wait_for(url, "Key facts at a glance", server, "the edit never showed")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
