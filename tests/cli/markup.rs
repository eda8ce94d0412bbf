//! The HTML tafel writes, checked by the Nu HTML Checker (vnu), the W3C's validator.
//!
//! The checker is a Java program: `.ci/run` fetches `vnu.jar` into `target/vnu/`, or point
//! `TAFEL_VNU_JAR` at a copy. Without Java or the jar the test says so and skips, or fails under `CI=true`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{SiteTest, missing_tool, repo};

/// The Nu HTML Checker, if it is here.
fn vnu_jar() -> Option<PathBuf> {
    let jar = std::env::var_os("TAFEL_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/vnu/vnu.jar"));
    jar.is_file().then_some(jar)
}

/// Whether the Nu HTML Checker can run here; says why not when it cannot.
pub(crate) fn checker_is_here() -> bool {
    if vnu_jar().is_none() {
        missing_tool("no vnu.jar (run .ci/run, or set TAFEL_VNU_JAR)");
        return false;
    }
    if Command::new("java").arg("-version").output().is_err() {
        missing_tool("java is not installed");
        return false;
    }
    true
}

/// Runs the Nu HTML Checker on every HTML file below `folder` (SVG included) and panics with
/// its report unless it found nothing. Call [`checker_is_here`] first.
#[track_caller]
pub(crate) fn assert_valid_html(folder: &Path) {
    let jar = vnu_jar().expect("checked by checker_is_here");
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--also-check-svg"])
        .arg(folder)
        .output()
        .expect("run java");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found problems in {}:\n{report}",
        folder.display()
    );
}

#[test]
fn every_page_is_valid_html() {
    if !checker_is_here() {
        return;
    }
    let site = SiteTest::example();
    // Every shipped shortcode on one page, next to the port overview.
    site.write(
        "content/server/all-shortcodes.en.md",
        "---\ntitle: All shortcodes\ndescription: Every shortcode once.\n---\n{{< description >}}\n\n\
         {{% notice tip %}}A **tip**.{{% /notice %}}\n\n{{% expand \"More\" %}}Hidden[^1].{{% /expand %}}\n\n\
         {{% tabs %}}\n{{% tab \"A\" %}}\n## In a tab\n{{% /tab %}}\n{{% tab \"B\" %}}\n- [x] done\n{{% /tab %}}\n{{% /tabs %}}\n\n\
         Icon {{< icon name=\"server\" label=\"Server\" >}}, [link]({{< relref \"server/port-overview\" >}}).\n\n\
         [^1]: A footnote.\n",
    );
    // A section long enough that its navigation list is shortened on each page.
    site.write("content/long/_index.en.md", "---\ntitle: Long\n---\n");
    for i in 0..60 {
        site.write(
            &format!("content/long/p{i:02}.en.md"),
            &format!("---\ntitle: Page {i}\n---\nText.\n"),
        );
    }
    site.build();
    assert_valid_html(&site.public());
}
