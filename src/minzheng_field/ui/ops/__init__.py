"""User actions as small operations: one service call off the GUI thread, one signal after."""
