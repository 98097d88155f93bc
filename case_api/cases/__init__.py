"""Cases (案件) and their state machine under the 行政处罚法 (2021)."""
