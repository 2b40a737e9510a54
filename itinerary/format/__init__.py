"""The ``itinerary/1`` file format: reading files, the schema, and the rules that span fields.

Layers, each importing only those above it in this list:

* ``limits``: the numbers and patterns every other part refers to.
* ``decoding``, ``parsed``, ``yamlread``, ``jsonread``, ``reading``: bytes to plain
  Python values, safely (UTF-8 only, no YAML tags or aliases, repeated keys recorded,
  size and depth bounded).
* ``schema``: the one declarative schema (pydantic). Validation, the JSON Schema
  (``itinerary schema``) and the field tables of docs/schema.md all derive from it.
* ``problems``: pydantic's errors worded for a person editing the file by hand.
* ``rules``: what spans fields or items (time order, unique ids, legs joining
  consecutive stops, the detour check), as plain functions run after the schema.
* ``checking``: runs all of the above and builds the model (``itinerary.model``).
* ``reference``: the JSON Schema and the Markdown tables, for docs and editors.

``itinerary.format.loader`` is the entry point the rest of the package uses.
"""
