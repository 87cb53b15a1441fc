"""The moderation meeting on the shared screen (the projector): one response at a time,
full screen, in large type and high contrast, with evaluators and (where the tender
chooses) bidders named only by their labels."""
