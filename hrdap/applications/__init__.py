"""Applications: calls, drafts, a Geneva-time deadline, receipts, review and selection."""
