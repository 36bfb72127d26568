"""Dialogs: editors and confirmations opened from the pages."""
