# Interface text of the default theme.

skip-to-content = Skip to content
nav-toggle = Show or hide the navigation
nav-home = Start page
nav-label = Documentation
menu-label = Main menu
# $count: how many pages of a long section list the navigation leaves out here; the link leads
# to the section's page, which lists them all.
nav-more = { $count ->
    [one] 1 more page
   *[other] { $count } more pages
}
# The switch between the light and the dark palette, pressed while dark is shown.
theme-dark = Dark theme
language-label = Language
# $language: the name of the language the page is missing in, such as "Deutsch".
translation-missing = Not yet available in { $language }; this link leads to the nearest translated page
breadcrumb-label = You are here
pager-label = More pages
pager-previous = Previous
pager-next = Next
toc-title = On this page
# $date: the date of the last change.
page-updated = Last updated on { $date }
notice-note = Note
notice-info = Information
notice-tip = Tip
notice-warning = Warning
expand-default = Show more
not-found-title = Page not found
not-found-text = There is no page at this address. It may have moved, or the link was mistyped.
not-found-home = Go to the start page
redirect-text = This page has moved to

## Site search (js/search.js; the box is shown only with JavaScript)

search-label = Search
search-placeholder = Search (press /)
search-results = Search results
search-loading = Searching…
search-none = No page contains all of these words.
search-more = More pages match; add a word to narrow the search.
search-failed = The search index could not be loaded.

## Port tables, legends and exports (shortcodes ports-table, ports-legend, ports-exports)

ports-column-port = Port
ports-column-function = Function
ports-column-devices = Devices
ports-column-source = Source
ports-column-destination = Destination
ports-legend-title = Legend
ports-export-json = every rule with its labels in all languages, for scripts
ports-export-csv = one line per rule, protocol and port range, for spreadsheets and firewall imports
ports-export-nftables = chains for nftables (nft -f), one per deployment and direction
ports-export-iptables = chains for iptables-restore --noflush

## Dates (function format_date)

# $day, $month (month name), $year
date-long = { $month } { $day }, { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Port tables: caption above the table

# $deployment: name of the deployment; $direction: outbound, inbound or all; $count: number of rules
ports-table-caption = { $deployment }{ $direction ->
    [outbound] , outbound
    [inbound] , inbound
   *[all] {""}
}: { $count ->
    [one] one port to open
   *[other] { $count } ports to open
}

## Port diagrams (shortcode ports-diagram)

# $deployment: name of the deployment
ports-diagram-title = { $deployment }: connections through the firewall
# $count: all connections; $outbound, $inbound: of those, out- and inbound
ports-diagram-description = { $count ->
    [one] One connection
   *[other] { $count } connections
} through the firewall, { $outbound } outbound and { $inbound } inbound. Your network is on the left, the internet on the right; each connection is labelled with its port, protocol and purpose.
ports-diagram-inside = Your network
ports-diagram-outside = Internet
ports-diagram-firewall = Firewall
ports-diagram-outbound = outbound connection
ports-diagram-inbound = inbound connection
ports-diagram-caption = Generated from the same port list as the table, which lists every connection.
