from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions


class RolePermissions(DjangoModelPermissions):
    """The roles' model permissions, reads included: without `view_x` a role gets 403."""

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }


def requires(read: str, write: str | None = None) -> type:
    """A permission class for actions whose model is not the view's: `read` for safe
    methods, `write` for the rest."""

    class _Requires(BasePermission):
        def has_permission(self, request, view):  # type: ignore[no-untyped-def]
            perm = read if request.method in SAFE_METHODS else (write or read)
            return bool(
                request.user and request.user.is_authenticated and request.user.has_perm(perm)
            )

    _Requires.__name__ = f"Requires_{(write or read).replace('.', '_')}"
    return _Requires
