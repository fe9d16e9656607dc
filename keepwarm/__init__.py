"""keepwarm: a self-hosted personal relationship manager."""

__version__ = "0.1.0"
