"""智能排班 with OR-tools CP-SAT: demand per grid and slot, availability and leave, rules (hours per week, rest
between shifts, two officers per patrol, skills), fairness; writes shifts and explains the coverage."""
