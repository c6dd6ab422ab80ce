"""The browser-test toolchain: where each tool is, whether it is there, and the vnu runner.

The tools are Debian's chromium, the ``playwright`` and ``axe-playwright-python`` packages (the
``dev`` extras), java and the Nu Html Checker from npm's ``vnu-jar`` (``make e2e-tools``).
A missing tool skips the tests that need it, with the reason, unless ``E2E_REQUIRED=1`` (CI):
then it fails them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"))
# Playwright drives the system chromium, never a downloaded one; these flags keep it quiet,
# offline and happy in a root container.
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root in a container
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers have a small /dev/shm
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-quic",
    "--no-proxy-server",  # an HTTP proxy in the environment must not see 127.0.0.1
    "--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate,"
    "CertificateTransparencyComponentUpdater",
    # Offline guard: every host name but the loopback fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
VNU_TIMEOUT = 180  # seconds, for one JVM run over every page

_INSTALL_HINTS = {
    "chromium": f"{CHROMIUM} introuvable : apt-get install -y chromium",
    "playwright": "paquet playwright absent : pip install -e '.[dev]'",
    "axe": "paquet axe-playwright-python absent : pip install -e '.[dev]'",
    "java": "java introuvable : apt-get install -y default-jre-headless",
    "vnu": f"{VNU_JAR.relative_to(ROOT) if VNU_JAR.is_relative_to(ROOT) else VNU_JAR} "
    "introuvable : make e2e-tools",
}


def _present(tool: str) -> bool:
    match tool:
        case "chromium":
            return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)
        case "playwright":
            return importlib.util.find_spec("playwright") is not None
        case "axe":
            return importlib.util.find_spec("axe_playwright_python") is not None
        case "java":
            return shutil.which("java") is not None
        case "vnu":
            return VNU_JAR.is_file()
    raise ValueError(f"unknown tool {tool!r}")


def require(*tools: str) -> None:
    """Skip the calling test when a tool is missing, or fail it when E2E_REQUIRED=1."""
    missing = [_INSTALL_HINTS[tool] for tool in tools if not _present(tool)]
    if not missing:
        return
    reason = "outils des tests navigateur manquants : " + " ; ".join(missing)
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(reason + " (E2E_REQUIRED=1)", pytrace=False)
    pytest.skip(reason)


def vnu_errors(files: list[Path]) -> dict[Path, list[dict]]:
    """Validate every file in one JVM run; the error messages of each file, by file."""
    completed = subprocess.run(
        [
            shutil.which("java") or "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT,
        check=False,
    )
    try:
        report = json.loads(completed.stderr)  # vnu writes its report on stderr
    except json.JSONDecodeError:
        pytest.fail(f"vnu n'a pas produit de rapport JSON :\n{completed.stderr[-2000:]}")
    by_file: dict[Path, list[dict]] = {path: [] for path in files}
    for message in report["messages"]:
        path = Path(message.get("url", "").removeprefix("file:"))
        by_file.setdefault(path, []).append(message)
    return by_file


def format_vnu_message(message: dict) -> str:
    where = f"ligne {message['lastLine']}" if "lastLine" in message else "document"
    extract = " ".join(message.get("extract", "").split())
    return f"  {where} : {message['message']}" + (f"\n      « {extract} »" if extract else "")
