"""Accounts: registration, sign-in and sign-out, password change and reset."""
