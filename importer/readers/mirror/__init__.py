"""Folders of saved pages (wget/HTTrack mirrors, Wayback captures): :mod:`.reader` walks the
folder, :mod:`.merge` merges what each page saw of a post, :mod:`.feeds` reads RSS/Atom feeds
found beside the pages, :mod:`.wayback` unwraps Wayback Machine captures."""
