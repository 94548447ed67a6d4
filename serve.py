"""Command: serve the graph over SPARQL 1.1 (service/cli.py; `python serve.py --help`)."""
import sys
from pathlib import Path

from service.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], default_store=Path(__file__).resolve().parent / "store"))
