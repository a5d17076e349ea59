"""pharmacy package."""
