import sys

from graph.evaluation import main

sys.exit(main())
