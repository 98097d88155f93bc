"""The append-only, hash-chained audit log (全过程记录, 行政处罚法第四十七条)."""
