"""Cross-app commands: each calls the single-app services of the apps below it in a fixed order
and owns the transaction around them (docs/architecture.md)."""
