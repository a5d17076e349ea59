"""preconsult package."""
