"""Read-only queries of the vault that the services and screens share."""

# Importing the queries activates the search index listeners: whoever searches also
# keeps the index current.
from minzheng_field.store import search_index as _search_index  # noqa: F401
