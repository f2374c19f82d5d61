"""Sync between offline laptops and the organisers' hub: the hub stores each event's operation
log; kiosks push what they recorded and pull what others did."""
