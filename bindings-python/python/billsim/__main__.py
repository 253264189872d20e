"""``python -m billsim`` runs the command line."""

from billsim.cli import main

raise SystemExit(main())
