"""An installed wheel, not a checkout: the rule packs and concept maps come from `<prefix>/share/tieout/`."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker import taxonomy_files
from tests.conftest import ROOT, SEED


def _data_files() -> dict[str, list[Path]]:
    """setup.cfg's [options.data_files]: what a wheel installs beside the package."""
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    out: dict[str, list[Path]] = {}
    for target, spec in cfg["options.data_files"].items():
        files = [f for pattern in spec.replace(",", "\n").split() for f in sorted(ROOT.glob(pattern.strip()))]
        out[target] = files
    return out


def test_the_wheel_ships_every_rule_pack_and_map():
    shipped = {p.relative_to(ROOT) for files in _data_files().values() for p in files}
    assert {p.relative_to(ROOT) for p in (ROOT / "rules").glob("*.yaml")} <= shipped
    assert {Path("taxonomies/us-gaap.yaml"), Path("taxonomies/overrides.yaml")} <= shipped


def test_an_installed_copy_checks_the_seed_from_its_share_folder(tmp_path: Path):
    prefix = tmp_path / "prefix"
    site = prefix / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    shutil.copytree(ROOT / "checker", site / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    for target, files in _data_files().items():
        (prefix / target).mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copy(f, prefix / target / f.name)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(site), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "checker", "check", str(SEED)], capture_output=True, text=True, cwd=work, env=env)
    assert proc.returncode == 0, proc.stderr
    checkout = subprocess.run([sys.executable, "-m", "checker", "check", str(SEED)], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip().splitlines()[-1] == checkout.stdout.strip().splitlines()[-1]
    assert "0 failed" in proc.stdout.strip().splitlines()[-1]
    where = subprocess.run([sys.executable, "-c", "import checker.rulebook as r; print(r.__file__); print(r.RULES_DIR)"],
                           capture_output=True, text=True, cwd=work, env=env).stdout.split()
    assert where == [str(site / "checker" / "rulebook.py"), str(prefix / "share" / "tieout" / "rules")]


def test_a_read_only_map_folder_caches_in_the_users_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "taxonomies"
    folder.mkdir()
    for name in ("us-gaap.yaml", "overrides.yaml"):
        shutil.copy(ROOT / "taxonomies" / name, folder / name)
    (folder / ".us-gaap.yaml.cache.pickle").mkdir()  # the cache cannot be written beside the map
    monkeypatch.setattr(taxonomy_files, "_default_paths", lambda: [folder / "us-gaap.yaml", folder / "overrides.yaml"])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(taxonomy_files, "_CACHE", {})
    tax = taxonomy_files.load()
    assert (tmp_path / "cache" / "tieout" / "us-gaap.cache.pickle").is_file()
    assert tax.match("Total assets", "BS").concept == "Assets"
