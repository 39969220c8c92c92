"""Customer data: redaction of contact and card numbers, retention, and export or deletion."""
