"""Safeguards of the installation as a whole: Django's own commands that would bypass the
project's rules, replaced (this app is listed first in INSTALLED_APPS, because the
commands of earlier apps win), and the rotation of the data key that encrypts secrets at
rest."""
