//! `gazette extract -` as a stage of a pipe (Spark's `RDD.pipe`, Hadoop
//! Streaming): a record must come out while standard input is still open,
//! or a stage that feeds documents one at a time and waits for answers
//! would deadlock. Every read has a deadline, so a regression fails the
//! test instead of hanging it.

mod util;

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// Long enough for a debug build under load, short of hanging CI.
const DEADLINE: Duration = Duration::from_secs(60);

/// A running `gazette extract -` with its stdout lines on a channel.
struct Stage {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
}

impl Stage {
    fn start(args: &[&str]) -> Stage {
        let mut child = util::gazette()
            .args(["extract", "-", "-q"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("gazette starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, lines) = channel();
        // A thread reads stdout so the test can wait with a deadline.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Stage { child, stdin, lines }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        writeln!(stdin, "{line}").expect("gazette reads its input");
        stdin.flush().expect("flush");
    }

    /// The next record, failing the test if none comes in time.
    fn record(&self, what: &str) -> Value {
        match self.lines.recv_timeout(DEADLINE) {
            Ok(line) => serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("bad line {line:?}: {e}")),
            Err(RecvTimeoutError::Timeout) => panic!(
                "no record for {what} within {DEADLINE:?} with stdin open: \
                 gazette does not stream"
            ),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("gazette closed stdout before {what}")
            }
        }
    }

    /// Closes stdin and checks the stage ends cleanly with nothing more.
    fn finish(mut self) {
        drop(self.stdin.take());
        assert!(
            self.lines.recv_timeout(DEADLINE).is_err(),
            "unexpected extra output"
        );
        let status = self.child.wait().expect("gazette exits");
        assert!(status.success(), "exit status {status}");
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        // A failed assertion must not leave the process behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn location_texts(record: &Value) -> Vec<&str> {
    record["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter(|e| e["type"] == "LOCATION")
        .map(|e| e["text"].as_str().expect("text"))
        .collect()
}

#[test]
fn streaming_record_leaves_before_stdin_closes() {
    let mut stage = Stage::start(&[]);
    stage.send(r#"{"id":"a","text":"Rain fell on Bishkek."}"#);
    let first = stage.record("the first line");
    assert_eq!(first["id"], "a");
    assert_eq!(first["source"], "<stdin>:1");
    assert_eq!(location_texts(&first), ["Bishkek"]);
    // The stage keeps answering, one line at a time, in order.
    stage.send(r#"{"id":"b","text":"Then on Osh."}"#);
    let second = stage.record("the second line");
    assert_eq!(second["id"], "b");
    assert_eq!(location_texts(&second), ["Osh"]);
    stage.finish();
}

#[test]
fn streaming_with_threads_and_jsonl_format_in_a_pipe() {
    // What the Spark job runs: one thread per task, JSONL forced so an
    // empty partition yields no records at all.
    let mut stage =
        Stage::start(&["--threads", "2", "--input-format", "jsonl"]);
    for (i, city) in ["Bishkek", "Osh", "Naryn"].iter().enumerate() {
        stage.send(&format!(r#"{{"id":"{i}","text":"Snow in {city}."}}"#));
        let record = stage.record(city);
        assert_eq!(record["id"], i.to_string());
        assert_eq!(location_texts(&record), [*city]);
    }
    stage.finish();
}

#[test]
fn streaming_empty_jsonl_input_gives_no_records() {
    let out =
        util::run(&["extract", "-", "-q", "--input-format", "jsonl"], b"");
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
}
