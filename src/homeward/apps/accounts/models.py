"""Accounts use Django's own User and Group. This module exists so that the app receives
`post_migrate`, on which the roles are synchronised (see roles.py)."""
