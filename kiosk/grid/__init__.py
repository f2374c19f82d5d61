"""The Open Space session grid: spaces × slots, sessions placed, parked, merged, pinned."""
