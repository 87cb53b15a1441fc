"""The desktop window: the only part of svdesk that imports Qt."""
