"""Entry point of the frozen build: the same ``portfolio`` command as the wheel installs.

With no arguments it opens the window; with a command it is the command line, so one bundle
serves both the desktop launcher and admins' scripts.
"""

from portfolio_app.cli import main

raise SystemExit(main())
