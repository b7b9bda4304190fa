"""Django's own commands that would bypass the project's rules, replaced. Listed first in
INSTALLED_APPS, because the commands of earlier apps win."""
