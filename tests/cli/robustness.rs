//! Random and mangled pages never crash tafel: every build ends with success or a report.

use crate::util::SiteTest;

/// A small deterministic generator (xorshift), so a failure can be reproduced from its seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Well-formed pieces: any sequence of them is a valid page.
const VALID: &[&str] = &[
    "text ",
    "**bold** ",
    "\n\n",
    "\n## Heading\n",
    "\n## Heading\n",
    "[^n]",
    "\n\n[^n]: note\n\n",
    "`code` ",
    "\n```\n{{</* icon \"server\" */>}}\n```\n",
    "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "<span>html</span> ",
    "{{% notice %}}inside **it**{{% /notice %}}",
    "{{% notice warning \"T\" %}}\n## In\n{{% /notice %}}",
    "\n\n{{% tabs %}}\n{{% tab \"A\" %}}\nOne\n{{% /tab %}}\n{{% tab title=\"B\" %}}Two{{% /tab %}}\n{{% /tabs %}}\n\n",
    "{{< icon \"server\" >}}",
    "{{% expand \"More\" %}}hidden{{% /expand %}}",
    "{{< description >}}",
    "{{% include \"_frag.md\" %}}",
    "[link](p1.md)",
    "[page](p2.md#x)",
    "![img](pic.png)",
    "[ref]({{< relref \"server/p1\" >}})",
    "{{</* notice */>}}",
    "\n\n{{< ports-table deployment=\"cloud\" >}}\n\n",
    "{{< ports-legend >}}",
    "\n\n{{< ports-diagram deployment=\"onsite\" >}}\n\n",
    "ü€😀 ",
    "\r\n",
    "\t",
];

/// Pieces that break pages in every way an author might.
const HOSTILE: &[&str] = &[
    "{{% notice %}}",
    "{{% /notice %}}",
    "{{% tabs %}}",
    "{{% /tabs %}}",
    "{{% tab \"A\" %}}",
    "{{% /tab %}}",
    "{{< icon \"nope\" >}}",
    "{{% include \"_missing.md\" %}}",
    "[link](other.md)",
    "{{< ref \"nowhere\" >}}",
    "{{<",
    ">}}",
    "{{% x",
    "\"",
    "{{< ports-table >}}",
    "{{% unknown %}}",
    "{{< /notice >}}",
    "<div>",
    "</div>",
    "{{% include \"_frag.md\" %}}",
    "# Top\n",
    "[^undefined]",
];

/// A number from the environment, for longer local runs:
/// `TAFEL_FUZZ_ROUNDS=2000 TAFEL_FUZZ_SEED=7 cargo test --test cli robustness`.
fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_pages_build_or_report_without_crashing() {
    let seed = setting("TAFEL_FUZZ_SEED", 0x5eed_1234_abcd_0001);
    let mut random = Random(seed.max(1));
    let mut outcomes = [0; 2];
    for round in 0..setting("TAFEL_FUZZ_ROUNDS", 25) {
        let site = SiteTest::example();
        site.write("content/server/pic.png", "png");
        // Even rounds use only well-formed pieces, odd rounds mix in broken ones.
        let hostile = round % 2 == 1;
        let piece = |random: &mut Random| {
            if hostile && random.next().is_multiple_of(3) {
                random.pick(HOSTILE)
            } else {
                random.pick(VALID)
            }
        };
        let mut fragment = String::new();
        for _ in 0..(random.next() % 12) {
            let next = piece(&mut random);
            // The fragment must not include itself in the well-formed rounds.
            if hostile || !next.contains("include") {
                fragment.push_str(next);
            }
        }
        site.write("content/server/_frag.md", &fragment);
        for page in 1..=3 {
            let mut body = String::new();
            for _ in 0..(random.next() % 40) {
                body.push_str(piece(&mut random));
            }
            site.write(
                &format!("content/server/p{page}.en.md"),
                &format!("---\ntitle: Page {page}\ndescription: Random\n---\n{body}"),
            );
        }
        let run = site.run(&["build"]);
        assert!(
            matches!(run.code, 0 | 1) && !run.stderr.contains("panicked"),
            "round {round} crashed with exit code {}:\n{}\n--- fragment\n{fragment}\n--- pages\n{}\n{}\n{}",
            run.code,
            run.stderr,
            site.read_source("content/server/p1.en.md"),
            site.read_source("content/server/p2.en.md"),
            site.read_source("content/server/p3.en.md"),
        );
        if run.code == 1 {
            // A failed build names a place for each error.
            assert!(
                run.stderr.contains("error["),
                "round {round}: {}",
                run.stderr
            );
        }
        if !hostile {
            assert_eq!(
                run.code, 0,
                "round {round}: well-formed pages failed:\n{}",
                run.stderr
            );
        }
        outcomes[run.code as usize] += 1;
    }
    // Both outcomes occur, or the generator tests less than it seems to.
    assert!(
        outcomes[0] > 0 && outcomes[1] > 0,
        "successes and failures: {outcomes:?}"
    );
}
