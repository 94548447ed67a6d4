"""The register snapshot folder, read file by file (data/registers/, or another folder given)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

SNAPSHOT = "snapshot.json"  # when and from where the registers were last refreshed (graph.registers.refresh)


class RegisterFiles:
    """CSV rows and the refresh record of one register folder; a required file that is missing is an error."""


    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def rows(self, name: str) -> list[dict[str, str]]:
        path = self.directory / name
        if not path.exists():
            raise FileNotFoundError(f"register file missing: {path}")
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def optional_rows(self, name: str) -> list[dict[str, str]]:
        return self.rows(name) if (self.directory / name).exists() else []

    def snapshot(self) -> dict:
        path = self.directory / SNAPSHOT
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
