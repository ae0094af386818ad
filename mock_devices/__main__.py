"""``python -m mock_devices`` entry point."""

import sys

from mock_devices.cli import main

sys.exit(main())
