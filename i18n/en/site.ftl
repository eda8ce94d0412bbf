# Text of the example site (not of the theme).

doctype-label = Applies to:
doctype-cloud = pascom Cloud
doctype-onsite = Self-hosted (onsite)
