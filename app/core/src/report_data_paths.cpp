// Placeholder while being written.
