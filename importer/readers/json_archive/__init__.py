"""Reads blogimport's own JSON and JSON Lines output (schema ``blogimport/1``) back into records."""
