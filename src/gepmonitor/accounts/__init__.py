"""Accounts: users, roles, sessions, API tokens, throttling, login pages, single sign-on."""
