"""Bringing contacts in: matching parsed records to people, preview and one transaction."""
