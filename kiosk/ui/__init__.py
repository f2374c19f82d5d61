"""Qt user interface: presents the core engine and forwards what people do to it."""
