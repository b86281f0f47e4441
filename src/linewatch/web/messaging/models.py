"""Diversion campaigns, the treatment services directory, and messages sent."""
