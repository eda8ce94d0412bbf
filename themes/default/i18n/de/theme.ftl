# Oberflächentexte des Standard-Themes.

skip-to-content = Zum Inhalt springen
nav-toggle = Navigation ein- oder ausblenden
nav-label = Dokumentation
language-label = Sprache
# $language: Name der Sprache, in der die Seite fehlt, etwa „English“.
translation-missing = Noch nicht auf { $language } verfügbar; der Link führt zur nächsten übersetzten Seite
breadcrumb-label = Sie sind hier
pager-label = Weitere Seiten
pager-previous = Zurück
pager-next = Weiter
toc-title = Auf dieser Seite
# $date: Datum der letzten Änderung.
page-updated = Zuletzt aktualisiert am { $date }
notice-note = Hinweis
notice-info = Information
notice-tip = Tipp
notice-warning = Warnung
expand-default = Mehr anzeigen
not-found-title = Seite nicht gefunden
not-found-text = Unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben oder der Link ist falsch geschrieben.
not-found-home = Zur Startseite
redirect-text = Diese Seite ist umgezogen nach
