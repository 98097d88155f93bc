"""勤务: grids, officers, vehicles, shifts, check-ins (考勤), position reports and 脱岗 alerts."""
