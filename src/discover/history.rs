//! When each content file was last committed, from the site's git history, for
//! `updated-from-git: true` (Hugo's `enableGitInfo`).
//!
//! One `git log` over `content/` answers for every file at once; asking per file would start a
//! process per page.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The date (YYYY-MM-DD) of the last commit that changed each file below `content/`, keyed by
/// its path below `content/`; or why the history could not be read.
pub(crate) fn last_commit_dates(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        // Paths relative to the site, wherever it sits in the repository; renames count as
        // changes of the new file, as a reader would see them.
        .args([
            "log",
            "--relative",
            "--no-renames",
            "--format=@%cs",
            "--name-only",
            "-z",
            "--",
            "content",
        ])
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(stderr.lines().next().unwrap_or("git log failed").to_owned());
    }
    Ok(parse_log(&String::from_utf8_lossy(&output.stdout)))
}

/// Reads `git log --format=@%cs --name-only -z`: a `@date` line starts each commit, newest first,
/// followed by the NUL-separated paths it changed. The first date seen for a path is its last.
fn parse_log(log: &str) -> BTreeMap<String, String> {
    let mut dates = BTreeMap::new();
    let mut date = "";
    for field in log.split('\0') {
        // With -z a commit's paths start after a newline.
        for part in field.split('\n').filter(|part| !part.is_empty()) {
            if let Some(commit_date) = part.strip_prefix('@') {
                date = commit_date;
            } else if let Some(relative) = part.strip_prefix("content/")
                && !date.is_empty()
            {
                dates
                    .entry(relative.to_owned())
                    .or_insert_with(|| date.to_owned());
            }
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_a_file_gives_its_date() {
        // As git writes it: the format line ends in NUL, the paths follow after a newline.
        let log = "@2026-11-30\0\ncontent/a.en.md\0content/b.en.md\0@2026-10-01\0\ncontent/a.en.md\0content/c.de.md\0";
        let dates = parse_log(log);
        assert_eq!(dates["a.en.md"], "2026-11-30");
        assert_eq!(dates["b.en.md"], "2026-11-30");
        assert_eq!(dates["c.de.md"], "2026-10-01");
        assert_eq!(dates.len(), 3);
    }
}
