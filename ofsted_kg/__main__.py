import sys

from ofsted_kg.cli import main

sys.exit(main())
