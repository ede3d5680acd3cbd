"""Cross-cutting pieces every part of the portal uses (client addresses, spreadsheets, …).

This package imports no page type and no app of the portal: page types, the admin and the
operations code import it, never the other way round.
"""
