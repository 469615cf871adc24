"""A locust load test against a real gunicorn server on the scale benchmark's database."""
