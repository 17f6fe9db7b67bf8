"""``python -m portfolio_app`` behaves exactly like the ``portfolio`` console script."""

from portfolio_app.cli import main

raise SystemExit(main())
