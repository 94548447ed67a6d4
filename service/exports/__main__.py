import sys

from service.exports.cli import main

sys.exit(main())
