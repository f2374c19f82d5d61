"""Badge and slip layouts, printer backends and the print queue."""
