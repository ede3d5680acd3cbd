"""Sharing a page: what search engines and shared links show of it (description, Open Graph
and Twitter meta, share cards), the sitemap and robots.txt, and the feeds of index pages."""
