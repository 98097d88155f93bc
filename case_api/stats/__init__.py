"""Statistics over cases: counts by offence, grid, day and status; handling times."""
