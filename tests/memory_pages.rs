//! gazette runs with transparent huge pages off (see `src/main.rs` for the
//! measurements), unless the user asks mimalloc for them.
#![cfg(target_os = "linux")]

mod util;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

/// The `THP_enabled` line of a process's status: `None` where the kernel
/// does not report it.
fn thp_enabled(pid: &str) -> Option<bool> {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("THP_enabled:"))?;
    Some(line.split_whitespace().nth(1)? == "1")
}

/// Whether a running `gazette extract -` has huge pages enabled, asked
/// once it has answered a document (so `main` is past its set-up).
fn gazette_thp(env: &[(&str, &str)]) -> Option<bool> {
    let mut child = util::gazette()
        .args(["extract", "-", "-q"])
        .env_remove("MIMALLOC_ALLOW_THP")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gazette starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    writeln!(stdin, r#"{{"id":"a","text":"Bishkek is in Kyrgyzstan."}}"#)
        .expect("gazette reads");
    stdin.flush().expect("gazette reads");
    let mut record = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut record)
        .expect("gazette answers");
    assert!(record.contains("Kyrgyzstan"), "{record}");
    let thp = thp_enabled(&child.id().to_string());
    drop(stdin);
    assert!(child.wait().expect("gazette exits").success());
    thp
}

#[test]
fn huge_pages_are_off_unless_asked_for() {
    // Kernels before 6.x do not report the flag: nothing to check there.
    let Some(parent) = thp_enabled("self") else { return };
    assert_eq!(gazette_thp(&[]), Some(false));
    // The flag is inherited: only a parent that has it can pass it on.
    if parent {
        assert_eq!(gazette_thp(&[("MIMALLOC_ALLOW_THP", "1")]), Some(true));
    }
}
