"""Pure rules of risk-based state control (seed 004 and the Entrepreneurial Code); no database."""
