"""evcharge: an open, self-hostable EV charging data and price API."""

__version__ = "0.1.0"
