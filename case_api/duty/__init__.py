"""智能考勤 and 脱岗 by a periodic evaluator: every on-duty officer checked every minute (``zhifa duty watch``), not
only when a position arrives: no position for N minutes, outside the grid for N minutes, late or missing check-in."""
