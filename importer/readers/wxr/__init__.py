"""WordPress eXtended RSS (WXR 1.0-1.2) exports, streamed: :mod:`.reader` is the loop,
:mod:`.elements` turns one element into model records, :mod:`.names` knows the element names,
:mod:`.xml_stream` cleans the byte stream; serialized meta is decoded by
:mod:`importer.transforms.php_serialize`."""
