//! The one list of diagnostic codes: every kind of problem tafel reports, with its code, its
//! default severity and an explanation.
//!
//! Like rustc's `E0308`, a code names a kind of problem, not a message: the wording of a message
//! may change, its code does not, so users can look a code up and tests can match it.
//! Codes are numbered by area (`x01xx` the site folder and `site.yaml` … `x11xx` command-line
//! values, `x12xx` migrations); the letter follows the default severity (`E` error, `W` warning), and a number is
//! assigned once and never reused, whatever its letter.
//! The doc comment of each code is its explanation: what went wrong and the usual fix.

use super::Severity;

/// Declares [`Code`] from the table below: the variant, its code text, its default severity
/// and its doc comment, which doubles as the explanation.
macro_rules! codes {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident = $code:literal, $severity:ident;
    )+) => {
        /// The kind of a diagnostic, stable across releases; see the table in
        /// `src/diagnostics/codes.rs`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                $(#[doc = $doc])+
                $name,
            )+
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &[Code] = &[$(Code::$name),+];

            /// The code as printed: `E0401`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $code,)+
                }
            }

            /// The severity a diagnostic with this code has unless a command changes it.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$name => Severity::$severity,)+
                }
            }

            /// What the problem is and how it is usually fixed, one line per line of the
            /// table's doc comment.
            pub fn explanation(self) -> String {
                let lines: &[&str] = match self {
                    $(Code::$name => &[$($doc),+],)+
                };
                lines
                    .iter()
                    .map(|line| line.strip_prefix(' ').unwrap_or(line))
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        }
    };
}

codes! {
    // x01xx: the site folder and `site.yaml`.

    /// The folder tafel was run in (or the one `--site` names) has no `site.yaml`.
    /// Run tafel in the site's folder, or pass `--site DIR`.
    NoSiteConfig = "E0101", Error;
    /// `site.yaml` has a key tafel does not know, often a typo.
    /// The keys are `base-url`, `theme`, `default-language`, `languages`, `params`, `menus`,
    /// `smart-punctuation`, `lowercase-urls` and `updated-from-git`; each language has `code`,
    /// `name`, `title`, and optionally `params` and `menus`; a menu entry has `name`, `page` or
    /// `url`, and `weight`.
    UnknownConfigKey = "E0102", Error;
    /// The base URL (`base-url:` in `site.yaml`, or `--base-url`) is not an absolute http(s) URL
    /// with a host, or holds a user name, a query, a fragment or a character that would break
    /// the links it is written into.
    /// Write the full address, such as `https://docs.example.org/`.
    InvalidBaseUrl = "E0103", Error;
    /// The theme `site.yaml` names has no folder below `themes/`.
    /// Check the name under `theme:`, or add the theme's folder.
    ThemeNotFound = "E0104", Error;
    /// The theme's name is not a plain folder name: it is empty, holds a slash or starts with
    /// a dot.
    /// Write the name of a folder below `themes/`, such as `default`.
    InvalidThemeName = "E0105", Error;
    /// A language code in `site.yaml` is not a BCP 47 tag with a two- or three-letter lowercase
    /// language, such as `de`, `en` or `pt-BR`.
    /// The code is also the suffix of page files (`page.de.md`); write it in that form.
    InvalidLanguageCode = "E0106", Error;
    /// A language is listed twice under `languages:`.
    /// Remove one of the entries.
    DuplicateLanguage = "E0107", Error;
    /// `languages:` in `site.yaml` is empty.
    /// List at least one language, such as `- { code: en, name: English, title: My Docs }`.
    NoLanguages = "E0108", Error;
    /// `default-language:` names a language that `languages:` does not list.
    /// Use one of the listed codes, or add the language to the list.
    UnknownDefaultLanguage = "E0109", Error;
    /// A menu entry in `site.yaml` has neither `page:` nor `url:`, both, or a `url:` that is not
    /// a full address (`https://…`, `mailto:…`).
    /// Link a page of the site with `page:` (its path below `content/`) and anything else with a
    /// full address in `url:`.
    InvalidMenuEntry = "E0110", Error;
    /// A menu entry's `page:` names no page of the site (in the language whose menu it is in).
    /// Check the path below `content/`, such as `server/port-overview.md`.
    MenuPageNotFound = "E0111", Error;

    // x02xx: reading the site's files.

    /// A file of the site could not be read (permissions, a file that vanished while tafel
    /// ran, a disk error); the message has the system's reason.
    /// Fix what the reason says, then run tafel again.
    CannotRead = "E0201", Error;
    /// A text file (page, template, data, messages) is not valid UTF-8.
    /// Save it as UTF-8; most editors offer the encoding when saving.
    NotUtf8 = "E0202", Error;
    /// A folder of the site could not be walked (permissions, a broken link in a loop).
    /// Fix what the reason says, or move the folder out of the site.
    CannotReadFolder = "E0203", Error;
    /// A file name is not valid UTF-8, so it cannot become a URL or be shown.
    /// Rename the file using UTF-8 characters.
    FileNameNotUtf8 = "E0204", Error;
    /// A Fluent file (`.ftl`) lies directly in `i18n/`, where no language is known for it.
    /// Move it into the folder of its language, such as `i18n/de/`.
    FluentFileOutsideLanguage = "E0205", Error;
    /// A file or folder is named for a language that `site.yaml` does not list: a page such as
    /// `page.fr.md`, or a message folder such as `i18n/fr/`. It is left out of the build.
    /// Add the language to `site.yaml`, or rename or remove the file.
    UnconfiguredLanguage = "W0206", Warning;
    /// `updated-from-git: true`, but the site's git history cannot be read: git is not
    /// installed, or the site is not in a git repository. Pages show only the `updated:` dates
    /// their front matter gives.
    /// Install git and build from a clone of the repository (a shallow clone gives every page
    /// the date of its one commit), or switch the option off.
    GitHistoryUnavailable = "W0207", Warning;
    /// A page changed on disk (or went away) while tafel built the site. A build does not keep
    /// every page's text in memory: it reads a page again when it renders it, and that text
    /// was no longer the one read at the start, so the build stops rather than mix the two.
    /// Nothing is written. Build again once the file is saved.
    SourceChanged = "E0208", Error;

    // x03xx: YAML and front matter.

    /// A YAML block (front matter, a data file, `site.yaml`) is not valid YAML, or its structure
    /// is not what the file needs (a list where a mapping belongs).
    /// Fix the YAML at the position shown; indentation is the usual culprit.
    YamlSyntax = "E0301", Error;
    /// A key is written twice in one YAML mapping; YAML gives it one value, so one is lost.
    /// Remove one of them (the report shows both places).
    DuplicateYamlKey = "E0302", Error;
    /// A key in a typed data file (the port list) that its format does not have, often a typo.
    /// Check the spelling against the format's documentation.
    UnknownField = "E0303", Error;
    /// A required key is missing, such as `title:` in front matter.
    /// Add the key the message names.
    MissingField = "E0304", Error;
    /// A YAML value has the wrong type or is not one of the allowed values (text where a
    /// number belongs, `icmp` where `tcp` or `udp` is expected).
    /// Write a value of the kind the message names.
    InvalidYamlValue = "E0305", Error;
    /// A YAML file goes beyond tafel's limits (alias expansions, nesting, size), which protect
    /// the build from files that would take unbounded time or memory.
    /// Write the values out instead of multiplying them with aliases.
    YamlLimit = "E0306", Error;
    /// A page does not start with front matter.
    /// Start the file with a YAML block between two `---` lines, holding at least `title:`.
    NoFrontMatter = "E0307", Error;
    /// A page starts with TOML front matter (`+++`), which tafel does not read.
    /// Write the front matter as YAML between two `---` lines.
    TomlFrontMatter = "E0308", Error;
    /// The front matter's opening `---` has no closing `---` line.
    /// End the YAML block with a line holding only `---`.
    UnclosedFrontMatter = "E0309", Error;
    /// A date (`date:` or `updated:` in front matter, or a template's `format_date`) is not a
    /// day of the calendar in the form YYYY-MM-DD.
    /// Write year-month-day with a real month and day, such as `2026-11-26`.
    InvalidDate = "E0310", Error;
    /// A page's `template:` names a template that neither the site nor the theme has.
    /// Check the name, or add the template to `templates/`.
    PageTemplateNotFound = "E0311", Error;
    /// A front-matter key one edit away from a key tafel knows (`titel`, `wieght`): it becomes
    /// a page parameter, as every key tafel does not know does, but is probably a typo.
    /// Correct the key, or rename the parameter if it is meant as one.
    LikelyMisspeltKey = "W0312", Warning;
    /// A front-matter key is written both at the top level and under `params:`; both would be
    /// the page's parameter of that name.
    /// Keep one of them.
    ParamWrittenTwice = "E0313", Error;

    // x04xx: shortcodes.

    /// A shortcode that no template defines, often a typo.
    /// Use a shortcode of the theme or the site, or add `shortcodes/NAME.html`.
    UnknownShortcode = "E0401", Error;
    /// A shortcode tag is opened (`{{<` or `{{%`) but never ended.
    /// End it with `>}}` or `%}}`, on the same line.
    UnterminatedShortcodeTag = "E0402", Error;
    /// An escaped tag (`{{</*`) has no `*/>}}`.
    /// End the escaped tag with `*/>}}` (or `*/%}}`).
    UnterminatedShortcodeEscape = "E0403", Error;
    /// A shortcode tag has no name.
    /// Write the name first, as in `{{< figure src="a.png" >}}`.
    MissingShortcodeName = "E0404", Error;
    /// A shortcode's name holds characters a name cannot have.
    /// A name starts with a letter or digit and holds only letters, digits, `_`, `-` and `.`.
    InvalidShortcodeName = "E0405", Error;
    /// A tag opened with one delimiter ends with the other, as in `{{< x %}}`.
    /// End a `{{<` tag with `>}}` and a `{{%` tag with `%}}`.
    MismatchedShortcodeDelimiter = "E0406", Error;
    /// A quoted argument has no closing quote on its line.
    /// Close the string, or use a backtick string for text that spans lines.
    UnterminatedShortcodeString = "E0407", Error;
    /// A backslash escape in a quoted argument that tafel does not know.
    /// The escapes are `\"`, `\\`, `\n` and `\t`; a backtick string takes backslashes as they
    /// are.
    InvalidShortcodeEscape = "E0408", Error;
    /// A named argument has no value (`key=` followed by a space or the end of the tag).
    /// Write the value, or `key=""` for an empty one.
    MissingShortcodeValue = "E0409", Error;
    /// A character in a shortcode tag where it cannot stand.
    /// Quote values that hold quotes or `=`, and put whitespace between arguments.
    UnexpectedShortcodeCharacter = "E0410", Error;
    /// A closing tag with no open shortcode of that name.
    /// Check the name for a typo; to show the tag as text, escape it as `{{</* /name */>}}`.
    UnexpectedClosingTag = "E0411", Error;
    /// Shortcodes are nested deeper than tafel allows (64, includes counted); the deeper tags
    /// are shown as text.
    /// Close shortcodes before opening new ones.
    ShortcodesTooDeep = "E0412", Error;
    /// A shortcode that takes a body has no closing tag, so its body ends with its enclosing
    /// block or the file; that is rarely what was meant.
    /// Add the closing tag (`{{% /name %}}`) where the body should end.
    UnclosedShortcode = "W0413", Warning;
    /// An `include` shortcode without the fragment's file name.
    /// Write `{{% include "_fragment.md" %}}`.
    IncludeWithoutName = "E0420", Error;
    /// The fragment an `include` names is neither next to the page nor at the top of `content/`
    /// (in the page's language or without one).
    /// Check the file name; fragments start with `_`, such as `_note.md`.
    FragmentNotFound = "E0421", Error;
    /// Fragments include each other in a cycle, or a fragment includes itself.
    /// Break the cycle of includes.
    IncludeCycle = "E0422", Error;
    /// A shortcode's template refused how the shortcode is used (with `throw`): an argument is
    /// missing or wrong, or the shortcode stands in the wrong place, such as `tab` outside
    /// `tabs`. The message is the template's own.
    /// Use the shortcode as its template's comment describes.
    ShortcodeRejected = "E0430", Error;
    /// A shortcode's template accepted how the shortcode is used but warns about it (with
    /// `warn`), such as a `notice` of a kind the theme has no style for. The message is the
    /// template's own.
    /// Do what the message suggests, or leave it if the result is what you want.
    ShortcodeWarning = "W0431", Warning;

    // x05xx: templates and the theme.

    /// A template or shortcode template has a syntax error.
    /// Fix the template at the position shown.
    TemplateSyntax = "E0501", Error;
    /// A template uses a filter, function, test, component or included template that does not
    /// exist.
    /// Check the name for a typo, or add the missing template.
    TemplateReference = "E0502", Error;
    /// A template extends a parent template that does not exist.
    /// Check the name in `{% extends %}`, or add the parent to `templates/`.
    MissingParentTemplate = "E0503", Error;
    /// Templates extend or include each other in a cycle.
    /// Break the cycle.
    TemplateCycle = "E0504", Error;
    /// A template the build renders (such as `404.html`) is in neither the theme nor the site.
    /// Add it to `templates/` of the site or the theme.
    TemplateNotFound = "E0505", Error;
    /// A template failed while rendering: an undefined variable, a value of the wrong type, a
    /// function called with wrong arguments.
    /// Fix the template at the position shown; the note says which page or shortcode it was
    /// rendering.
    TemplateRender = "E0506", Error;
    /// A page template stopped rendering with `throw`; the message is the template's own.
    /// Do what the message asks, usually in the page's front matter.
    TemplateThrow = "E0507", Error;
    /// A page template warns with `warn`; the message is the template's own.
    /// Do what the message suggests, usually in the page's front matter.
    TemplateWarning = "W0508", Warning;
    /// An icon that neither the site nor the theme has, asked for by a template or by the port
    /// list.
    /// Add `icons/NAME.svg` to the site, or use an icon of the theme.
    UnknownIcon = "E0510", Error;
    /// An icon file does not hold an `<svg>` element.
    /// An icon file holds one `<svg>…</svg>` element.
    IconNotSvg = "E0511", Error;

    // x06xx: messages (Fluent).

    /// A Fluent file has a syntax error; the entry it is in is skipped.
    /// Fix the entry at the position shown; see https://projectfluent.org/fluent/guide/.
    FluentSyntax = "E0601", Error;
    /// A message is defined twice in one language (within the site, or within the theme).
    /// Remove or rename one of them.
    DuplicateMessage = "E0602", Error;
    /// A template asks for a message that no language defines.
    /// Add the message to `i18n/<default language>/`, or fix the key.
    MissingMessage = "E0603", Error;
    /// A message could not be formatted: a variable it uses was not passed, or a reference in
    /// it leads nowhere.
    /// Pass the variable from the template, or fix the message.
    MessageFormat = "E0604", Error;
    /// A message is missing in a language and the default language's text is shown instead.
    /// Add the message to a file in `i18n/<language>/`.
    MessageFallback = "W0605", Warning;

    // x07xx: data and the port list.

    /// Two data files have the same name (such as `data/a.yaml` and `data/a.yml`), so a
    /// template could not tell them apart.
    /// Rename one of them.
    DuplicateDataName = "E0701", Error;
    /// A template loads a data file that `data/` does not have.
    /// Check the name; `load_data(name="x")` reads `data/x.yaml`.
    UnknownDataFile = "E0702", Error;
    /// Something needs the port list (a port shortcode, `tafel ports export`), but the site has
    /// no `data/ports.yaml`.
    /// Add `data/ports.yaml`; the README describes its format.
    NoPortList = "E0703", Error;
    /// An id in the port list (deployment, device, endpoint, rule, or a label's message id) is
    /// not lowercase ASCII letters, digits and `-` starting with a letter. Ids end up in HTML
    /// attributes, firewall chain names and spreadsheet cells, where other characters break.
    /// Write the id in that form; the help suggests one.
    InvalidPortListId = "E0710", Error;
    /// An id is declared twice in one section of the port list, or two rules have one id.
    /// Give each entry its own id.
    DuplicatePortListId = "E0711", Error;
    /// A deployment, device or endpoint is named (in a rule, or in a shortcode's arguments)
    /// that the port list does not declare.
    /// Check the name for a typo, or declare it in `data/ports.yaml`.
    UnknownPortListId = "E0712", Error;
    /// A rule lists a protocol or a device twice.
    /// List each once.
    ListedTwice = "E0713", Error;
    /// A rule of the port list has no ports, protocols, devices or deployments.
    /// Add what the message names; a rule without it cannot become a table row or a firewall
    /// rule.
    EmptyRuleList = "E0714", Error;
    /// A port is outside 1–65535.
    /// TCP and UDP ports are numbered from 1 to 65535.
    PortOutOfRange = "E0715", Error;
    /// A port range starts after it ends.
    /// Write the lower port first, such as `30000-35000`.
    ReversedPortRange = "E0716", Error;
    /// A value under `ports:` is neither a port nor a port range.
    /// Write a port such as `5061`, a range such as `30000-35000`, or a list `[80, 443]`.
    NotAPort = "E0717", Error;
    /// An endpoint's host is not a DNS name.
    /// Write a name of letters, digits and hyphens separated by dots, such as `my.pascom.net`.
    InvalidHostName = "E0718", Error;
    /// A port table's `direction` is neither `outbound` nor `inbound`.
    /// Write one of the two, or leave `direction` out for both.
    InvalidDirection = "E0719", Error;
    /// A label, note or function of the port list has no message in some language, so its
    /// table rows would show another language.
    /// Add the message to `i18n/<language>/`.
    LabelWithoutMessage = "E0720", Error;

    // x08xx: pages, URLs and aliases.

    /// Two files are one page in one language: `a.md` and `a.de.md` when `de` is the default
    /// language, or `a.md` next to `a/index.md` or `a/_index.md`.
    /// Rename one of them, or turn the folder's `_index` into the section page.
    TwoFilesForOnePage = "E0801", Error;
    /// A page has the name of a folder that holds pages (`server.md` next to `server/`).
    /// Move the page to `server/_index.md` to make it the section page.
    PageIsAlsoFolder = "E0802", Error;
    /// A `slug:` is not one segment of a path: it is empty, `.` or `..`, or holds `/`, `\`, `?`,
    /// `#` or a control character.
    /// Use letters, digits and `-`.
    InvalidSlug = "E0803", Error;
    /// An alias is not a path of this site below the language root: a URL, a host, a path that
    /// climbs out with `..`, the language's start page, or one with a backslash, a query, a
    /// fragment or a control character.
    /// Write the old path, such as `/old/ports/`.
    AliasNotAPath = "E0804", Error;
    /// Two pages, or a page and another page's alias, or the aliases of two pages, have one URL;
    /// one would replace the other.
    /// Change a `slug`, rename a file, or remove the alias.
    UrlCollision = "E0805", Error;
    /// An alias is the page's own URL, or is written twice for the page.
    /// Remove it; it changes nothing.
    RedundantAlias = "E0806", Error;
    /// A page or alias would be written where the build writes another file (the sitemap, a
    /// data export, a copied file), or where such a file needs a folder.
    /// Choose another path.
    UrlCollidesWithFile = "E0807", Error;
    /// Two URLs differ only in letter case (`/guide/`, `/Guide/`). On macOS and Windows they are
    /// one folder, and one page replaces the other.
    /// Rename one of them.
    LetterCaseCollision = "W0808", Warning;
    /// A unit asked to render names a page the site no longer has (through the library API,
    /// with units listed before the site changed).
    /// List the units of the site as it is now.
    UnitWithoutPage = "E0820", Error;

    // x09xx: links.

    /// A link by content path (`relref`, `ref`, `page_url`) names a page the language does not
    /// have.
    /// Check the path; it is relative to the page's folder, or absolute from `content/` with a
    /// leading `/`.
    UnknownPageRef = "E0901", Error;
    /// A link asks for a language that `site.yaml` does not list (`lang=` of `relref`, `ref` or
    /// `page_url`).
    /// Use a configured language code.
    UnknownLinkLanguage = "E0902", Error;
    /// A Markdown link to a `.md` file that is not a page in the language.
    /// Check the file name; links to pages are relative to the Markdown file.
    BrokenPageLink = "E0903", Error;
    /// A footnote reference (`[^1]`) has no definition on the page.
    /// Add a line `[^1]: …` to the page.
    UndefinedFootnote = "W0904", Warning;
    /// A link or image names a file of the page's folder that exists only in another language:
    /// `shot.de.png` from an English page, or `shot.png` where only `shot.de.png` exists. The
    /// reader sees the other language's file (the default language is tried first).
    /// Add the file for this language (`shot.en.png`), or link the other one on purpose.
    ResourceFromOtherLanguage = "W0905", Warning;
    /// A link or image of a page leads to no file the build writes: a typo, a file that was
    /// renamed or never added, or a path that climbs out of the site. Found by checking the built
    /// pages, so it covers links from Markdown, shortcodes and templates alike.
    /// Fix the link, or add the file.
    BrokenLink = "W0910", Warning;
    /// A link names a fragment (`#id`) that the page it leads to has no element for: a heading
    /// that was renamed, or an id written differently.
    /// Link to an id the page has (headings get ids from their text; `{#id}` sets one).
    BrokenAnchor = "W0911", Warning;

    // x10xx: the output folder and writing.

    /// The output folder is the site folder, one of its parents, or a folder inside the site
    /// other than `public/`; replacing it would destroy the site.
    /// Write to `public/` (the default) or to a folder outside the site.
    OutputOverlapsSite = "E1001", Error;
    /// The output path is a file, not a folder.
    /// Name a folder with `--out`.
    OutputNotAFolder = "E1002", Error;
    /// The output folder holds files tafel did not write. A build replaces its output folder
    /// completely, so tafel writes only into a new or empty folder, or one holding the
    /// `.tafel-output` marker of an earlier build.
    /// Name another folder with `--out`, or empty this one first.
    OutputNotOurs = "E1003", Error;
    /// The output path is a symbolic link to nothing.
    /// Create the folder the link points to, or remove the link.
    OutputDanglingLink = "E1004", Error;
    /// The new output could not be moved into place, nor the previous output back; the message
    /// says where the previous output is.
    /// Move that folder back by hand, then build again.
    PreviousOutputMoved = "E1005", Error;
    /// A file or folder could not be written, created, moved or removed; the message has the
    /// system's reason.
    /// Check that the folder is writable and the disk is not full.
    WriteFailed = "E1006", Error;
    /// Two producers claim one output file; URLs are checked earlier, so this is a generated or
    /// copied file against another.
    /// Rename one of them or change its URL.
    OutputPathTaken = "E1007", Error;
    /// `tafel serve` could not start: no port of the range it tries was free, or the site folder
    /// cannot be watched.
    /// Choose another port with `--port`, or stop what uses it.
    CannotServe = "E1020", Error;
    /// The new output is in place, but the previous output or an abandoned staging folder
    /// could not be removed.
    /// Delete that folder by hand; the next build tries again.
    LeftoverNotRemoved = "W1010", Warning;

    // x11xx: command-line values.

    /// `--deployment` names a deployment the port list does not declare.
    /// Use one of the deployments the help lists.
    UnknownDeploymentOption = "E1101", Error;
    /// A path given to `tafel i18n mark-translated` is not a page of the site: no such file, a
    /// fragment, or a draft.
    /// Give the path of a translation, such as `content/server/port-overview.en.md`.
    NotAPageOfSite = "E1102", Error;
    /// A page given to `tafel i18n mark-translated` is in the default language, which is the
    /// source of translations, not a translation.
    /// Mark its translations instead, such as the `.en.md` file.
    DefaultLanguagePage = "E1103", Error;
    /// A page given to `tafel i18n mark-translated` has no version in the default language to
    /// be a translation of.
    /// Add the default-language page first.
    NoSourcePage = "E1104", Error;

    // x12xx: `tafel migrate`.

    /// The destination of `tafel migrate hugo` holds files already, is a file, or lies inside
    /// the Hugo site; the migration writes only into a new or empty folder, and never into the
    /// site it reads.
    /// Give a folder that does not exist yet, outside the Hugo site.
    MigrationDestInvalid = "E1201", Error;
    /// The source of `tafel migrate hugo` is not a folder, or has no Hugo configuration
    /// (`hugo.toml`, `config.toml`, their YAML and JSON forms, or `config/_default/`).
    /// Give the folder of the Hugo site.
    MigrationNoHugoSite = "E1202", Error;
    /// A file of the Hugo site cannot be read as what it is: a configuration file, translation
    /// table or front matter that is not valid TOML, YAML or JSON, or a page that is not UTF-8.
    /// Nothing is written; fix the file at the position shown (Hugo would reject it too).
    MigrationBadFile = "E1203", Error;
    /// Reading the Hugo site or writing the new site failed (permissions, a full disk).
    /// Check the path named in the message.
    MigrationIo = "E1204", Error;
}
