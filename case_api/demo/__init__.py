"""A demo district (万州-like): grids, officers, vehicles, today's shifts, cases in every state, camera events and
payments. Development only; seeds an empty database once and changes nothing when run again."""
