import sys

from sigcheck.cli import main

sys.exit(main())
