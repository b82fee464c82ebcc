"""Views: filled in below."""
