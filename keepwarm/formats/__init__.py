"""Pure conversions between bytes and records: names, vCard, CSV, calendars, labels."""
