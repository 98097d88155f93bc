"""Answer-quality evaluations over datasets: runners and reports."""
