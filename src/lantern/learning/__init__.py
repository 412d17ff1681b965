"""The learning library: findings, recommendations, reports, briefings and national
learning, searchable (issue 14)."""
