"""The evaluator's workspace: declarations, then scoring, in a window of its own."""
