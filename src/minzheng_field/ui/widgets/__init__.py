"""Small reusable widgets of the pages."""
