"""answers package."""
