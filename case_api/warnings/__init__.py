"""预警: offence counts per grid × offence × week against the grid's own history (a Poisson threshold), pushed to
the commanders and grid leaders who subscribed; repeat offenders (same party or address within a year)."""
