"""Readable change lists from django-simple-history records, shared by every app that shows a record's history."""

from itertools import pairwise


def change_entries(records, describe):
    """Each record (newest first) as (record, changes), where changes lists what ``describe(newer, older)`` returns.

    The oldest record is the creation and lists no change. Records written in bulk (the demo, an import before
    history was kept) may have no history row at all: that gives an empty list, not an error."""
    entries = [(newer, describe(newer, older)) for newer, older in pairwise(records)]
    if records:
        entries.append((records[-1], []))
    return entries
