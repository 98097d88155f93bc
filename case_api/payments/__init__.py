"""码上付: fine orders with QR codes, verified payment notices from pluggable channels, late fees, receipts."""
