# Oberflächentexte des Standard-Themes.

skip-to-content = Zum Inhalt springen
nav-toggle = Navigation ein- oder ausblenden
nav-home = Startseite
nav-label = Dokumentation
menu-label = Hauptmenü
# $count: how many pages of a long section list the navigation leaves out here; the link leads
# to the section's page, which lists them all.
nav-more = { $count ->
    [one] 1 weitere Seite
   *[other] { $count } weitere Seiten
}
# Schalter zwischen hellem und dunklem Farbschema, gedrückt, solange das dunkle gilt.
theme-dark = Dunkles Farbschema
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

## Suche (js/search.js; das Suchfeld erscheint nur mit JavaScript)

search-label = Suche
search-placeholder = Suchen (Taste /)
search-results = Suchergebnisse
search-loading = Suche läuft …
search-none = Keine Seite enthält alle diese Wörter.
search-more = Weitere Seiten passen; ein zusätzliches Wort grenzt die Suche ein.
search-failed = Der Suchindex konnte nicht geladen werden.

## Porttabellen, Legenden und Exporte (Shortcodes ports-table, ports-legend, ports-exports)

ports-column-port = Port
ports-column-function = Funktion
ports-column-devices = Gerät
ports-column-source = Quelle
ports-column-destination = Ziel
ports-legend-title = Legende
ports-export-json = alle Regeln mit ihren Beschriftungen in allen Sprachen, für Skripte
ports-export-csv = eine Zeile je Regel, Protokoll und Portbereich, für Tabellenkalkulation und Firewall-Import
ports-export-nftables = Chains für nftables (nft -f), je Variante und Richtung
ports-export-iptables = Chains für iptables-restore --noflush

## Datumsangaben (Funktion format_date)

# $day, $month (Monatsname), $year
date-long = { $day }. { $month } { $year }
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember

## Porttabellen: Beschriftung über der Tabelle

# $deployment: Name der Variante; $direction: outbound, inbound oder all; $count: Anzahl der Regeln
ports-table-caption = { $deployment }{ $direction ->
    [outbound] , ausgehend
    [inbound] , eingehend
   *[all] {""}
}: { $count ->
    [one] eine Portfreigabe
   *[other] { $count } Portfreigaben
}

## Portdiagramme (Shortcode ports-diagram)

# $deployment: Name der Variante
ports-diagram-title = { $deployment }: Verbindungen durch die Firewall
# $count: alle Verbindungen; $outbound, $inbound: davon aus- und eingehend
ports-diagram-description = { $count ->
    [one] Eine Verbindung
   *[other] { $count } Verbindungen
} durch die Firewall, { $outbound } ausgehend und { $inbound } eingehend. Links liegt Ihr Netzwerk, rechts das Internet; jede Verbindung ist mit Port, Protokoll und Zweck beschriftet.
ports-diagram-inside = Ihr Netzwerk
ports-diagram-outside = Internet
ports-diagram-firewall = Firewall
ports-diagram-outbound = ausgehende Verbindung
ports-diagram-inbound = eingehende Verbindung
ports-diagram-caption = Erzeugt aus derselben Portliste wie die Tabelle, die jede Verbindung einzeln aufführt.
