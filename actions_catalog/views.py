"""What every public view shares: only what the visitor may see."""


class VisibleToUserMixin:
    """Restricts a view's queryset to what the visitor may read: published content for the
    public, drafts too for signed-in staff. Unpublished URLs therefore answer 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
