"""Pure functions on strings and records: dates, wpautop, shortcodes, HTML to Markdown."""
