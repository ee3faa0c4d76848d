"""Accounts: users, roles, sessions, API tokens, throttling, single sign-on, request helpers.

The request dependencies and page helpers here are what every capability's web layer uses.
"""
