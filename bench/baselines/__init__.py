"""The bare stacks SiteTracker is measured against, each run as a server of its own."""
