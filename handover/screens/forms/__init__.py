"""Forms for every change staff make from the board: one form per module, all built on FormScreen."""
