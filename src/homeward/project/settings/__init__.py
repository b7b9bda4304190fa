"""Settings modules: `dev` (embedded SQLite, used by `make demo`), `test`, `prod`."""
