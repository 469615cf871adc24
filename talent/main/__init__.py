"""Public pages: the home page, the signed-in dashboard, about the platform, health."""
