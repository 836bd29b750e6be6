"""Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The key bar. Textual rebuilds every key of its footer each time a screen's bindings may
    have changed (focus moved, a screen was pushed or resumed): three times before the course
    map's first frame, each about 11 ms on a 2-core Xeon. This one skips a rebuild that would
    show exactly what is shown already."""

    _shown: tuple | None = None

    def _keys(self) -> tuple | None:
        """What ``compose`` would show now (None: not known, rebuild)."""
        if not self.is_attached or not self._bindings_ready:
            return None
        active = self.screen.active_bindings
        app = self.app
        shown = tuple(
            (binding, app.get_key_display(binding), enabled, tooltip)
            for _node, binding, enabled, tooltip in active.values()
            if binding.show
        )
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        palette_key = None if palette is None else (palette.binding, palette.enabled)
        return (
            shown,
            palette_key,
            app.ENABLE_COMMAND_PALETTE,
            self.show_command_palette,
            self.compact,
            self.combine_groups,
        )

    async def recompose(self) -> None:
        keys = self._keys()
        if keys is not None and keys == self._shown and self.children:
            return
        self._shown = keys
        await super().recompose()
