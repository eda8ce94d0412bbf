# Texte der Beispielseite (nicht des Themes).

doctype-label = Gilt für:
doctype-cloud = pascom Cloud
doctype-onsite = Selbst gehostet (Onsite)
