"""``linewatch.core`` and ``linewatch.feeds`` must import with Django absent."""

import pkgutil
import subprocess
import sys

import linewatch

PROBE = """
import importlib, pkgutil, sys
sys.modules["django"] = None  # any "import django..." now raises ImportError
import linewatch
failures = []
names = []
for package in ("linewatch.core", "linewatch.feeds"):
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError as exc:
        if exc.name == package:
            continue  # that package does not exist yet
        raise
    names.append(package)
    for info in pkgutil.walk_packages(module.__path__, prefix=package + "."):
        names.append(info.name)
for name in names:
    try:
        importlib.import_module(name)
    except ImportError as exc:
        failures.append(f"{name}: {exc}")
leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(names), "modules imported")
if failures or leaked != ["django"]:
    sys.exit("\\n".join(failures + [f"django modules loaded: {leaked}"]))
"""


def test_core_and_feeds_import_without_django() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "modules imported" in result.stdout


def test_probe_covers_the_geography_package() -> None:
    names = [m.name for m in pkgutil.iter_modules(linewatch.__path__)]
    assert "core" in names
