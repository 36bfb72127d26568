"""民政外勤助手 (Minzheng Field): offline field tool for township civil-affairs work."""

__version__ = "0.1.0"
