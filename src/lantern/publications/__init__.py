"""Publications, one kernel service for every pathway, and the public "Learning from
reviews" site (issue 14)."""
