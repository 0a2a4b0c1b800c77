"""The suite's public contract (events, the evaluation documents) and the plumbing every service shares."""
