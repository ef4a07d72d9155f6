//! Where records go: standard output, or a file written under a temporary
//! name (past the page cache where the file system allows, see
//! `direct.rs`) and renamed into place when the run finishes, so a crash
//! never leaves half a file where a good one was; or, for `--resume`, a
//! file appended in place and synced after every batch, so a crash loses
//! at most the batch being written (whose torn line `resume` drops).

use crate::direct::DirectFile;
use anyhow::{Context, Result, bail};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Buffer for file output. Workers hand over chunks of whole records,
/// usually larger than this, which `BufWriter` then writes straight
/// through instead of copying them into its buffer first; small chunks
/// are still gathered into fewer writes.
const WRITE_BUFFER: usize = 64 << 10;

/// Bytes written to a buffered file (one the file system would not take
/// direct writes for) between two background flushes to disk. The
/// final `fsync` waits for up to this much: at 16 MB it took 22-35 ms of
/// a 0.7 s run, at 4 MB 1-6 ms, while the flushes themselves run beside
/// the work.
const SYNC_EVERY: u64 = 4 << 20;

/// An open record sink.
pub enum Output {
    /// Standard output, flushed after every batch so pipes stream.
    Stdout(io::Stdout),
    /// A temporary file renamed to `path` by [`Output::finish`].
    File {
        /// Final path.
        path: PathBuf,
        /// Temporary path next to it.
        tmp: PathBuf,
        /// How the temporary file is written.
        sink: FileSink,
    },
    /// A file appended in place (`--resume`), synced after every batch.
    Append(File),
    /// Something that is not a regular file (`/dev/null`, a FIFO, a
    /// terminal): written directly, since renaming a temporary file over
    /// it would replace the device with a plain file.
    Special(BufWriter<File>),
}

/// How [`Output::File`] writes its temporary file.
pub enum FileSink {
    /// Past the page cache, where the file system allows it.
    Direct(DirectFile),
    /// Through the page cache.
    Buffered {
        /// Buffered writer on the temporary file.
        writer: BufWriter<File>,
        /// Puts what is written on disk while the run goes on.
        sync: BackgroundSync,
    },
}

impl FileSink {
    /// A sink on `tmp` (created): direct when asked and possible, else
    /// buffered.
    fn create(tmp: &Path, direct: bool) -> io::Result<FileSink> {
        if direct && let Some(direct) = DirectFile::create(tmp)? {
            return Ok(FileSink::Direct(direct));
        }
        let file = File::create(tmp)?;
        Ok(FileSink::Buffered {
            sync: BackgroundSync::start(&file, SYNC_EVERY),
            writer: BufWriter::with_capacity(WRITE_BUFFER, file),
        })
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            FileSink::Direct(direct) => direct.write_all(bytes),
            FileSink::Buffered { writer, sync } => {
                writer.write_all(bytes)?;
                sync.wrote(bytes.len());
                Ok(())
            }
        }
    }

    /// Everything written on disk.
    fn finish(&mut self) -> Result<()> {
        match self {
            FileSink::Direct(direct) => Ok(direct.finish()?),
            FileSink::Buffered { writer, sync } => {
                writer.flush()?;
                sync.stop().context("writing the output to disk")?;
                Ok(writer.get_ref().sync_all()?)
            }
        }
    }
}

/// Whether `path` exists and is not a regular file (a device, a FIFO).
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path)
        .is_ok_and(|m| !m.file_type().is_file() && !m.is_dir())
}

/// The folder of an output path; it must exist.
fn output_dir(path: &Path) -> Result<&Path> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!(
            "output folder {} does not exist (create it first)",
            dir.display()
        );
    }
    if path.is_dir() {
        bail!("output {} is a folder, not a file", path.display());
    }
    Ok(dir)
}

impl Output {
    /// Opens the sink; `None` or `-` is standard output. Fails before any
    /// work when the output folder does not exist.
    pub fn open(path: Option<&Path>) -> Result<Output> {
        let path = match path {
            None => return Ok(Output::Stdout(io::stdout())),
            Some(p) if p.as_os_str() == "-" => {
                return Ok(Output::Stdout(io::stdout()));
            }
            Some(p) => p,
        };
        if is_special(path) {
            let file = OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("opening {}", path.display()))?;
            return Ok(Output::Special(BufWriter::with_capacity(
                WRITE_BUFFER,
                file,
            )));
        }
        let dir = output_dir(path)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(
            ".{}.tmp-{}",
            name.unwrap_or_default(),
            std::process::id()
        ));
        let sink = FileSink::create(&tmp, true)
            .with_context(|| format!("creating {}", tmp.display()))?;
        Ok(Output::File { path: path.to_path_buf(), tmp, sink })
    }

    /// Opens `path` for appending, creating it if needed (`--resume`).
    /// Fails before any work when the output folder does not exist.
    pub fn append(path: &Path) -> Result<Output> {
        output_dir(path)?;
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("opening {}", path.display()))?;
        Ok(Output::Append(file))
    }

    /// Checks the output folder of `path` without opening anything.
    pub fn check(path: &Path) -> Result<()> {
        output_dir(path).map(|_| ())
    }

    /// Writes one batch of serialized records.
    pub fn write_batch(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write(bytes)?;
        self.end_batch()
    }

    /// Writes whole serialized records, part of a batch that
    /// [`Output::end_batch`] closes.
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.lock().write_all(bytes),
            Output::File { sink, .. } => sink.write_all(bytes),
            Output::Special(writer) => writer.write_all(bytes),
            // Whole lines, so a crash leaves at most one torn line, at the
            // end.
            Output::Append(file) => file.write_all(bytes),
        }
    }

    /// Ends a batch: standard output is flushed so pipes stream, an
    /// appended file goes to disk so a crash loses at most this batch.
    pub fn end_batch(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.lock().flush(),
            Output::File { .. } | Output::Special(_) => Ok(()),
            Output::Append(file) => file.sync_data(),
        }
    }

    /// Flushes and, for a file, moves it into place.
    pub fn finish(mut self) -> Result<()> {
        match &mut self {
            Output::Stdout(out) => match out.lock().flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => Ok(other?),
            },
            Output::File { path, tmp, sink } => {
                sink.finish()?;
                std::fs::rename(&*tmp, &*path).with_context(|| {
                    format!("renaming {} to {}", tmp.display(), path.display())
                })
            }
            Output::Append(file) => Ok(file.sync_all()?),
            Output::Special(writer) => Ok(writer.flush()?),
        }
    }
}

/// Flushes a file's data to disk on a thread of its own while more is
/// written, so the sync that ends the run (before the rename that puts the
/// output in place) waits only for the last few megabytes rather than for
/// the whole output, on a core with nothing else to do.
pub struct BackgroundSync {
    kick: Option<SyncSender<()>>,
    thread: Option<JoinHandle<io::Result<u64>>>,
    every: u64,
    unsynced: u64,
}

impl BackgroundSync {
    /// Starts the flushing thread for `file`, asked every `every` bytes.
    /// Should the thread not start, the final sync does all the work, as
    /// it would anyway.
    fn start(file: &File, every: u64) -> BackgroundSync {
        let started = file.try_clone().and_then(|file| {
            let (kick, kicks) = sync_channel::<()>(1);
            let thread = std::thread::Builder::new()
                .name("gazette-sync".into())
                .spawn(move || {
                    let mut syncs = 0;
                    for () in kicks {
                        file.sync_data()?;
                        syncs += 1;
                    }
                    Ok(syncs)
                })?;
            Ok((kick, thread))
        });
        let (kick, thread) = started.ok().unzip();
        BackgroundSync { kick, thread, every, unsynced: 0 }
    }

    /// Counts bytes handed to the file and, every `every` of them, asks
    /// for a flush; while one is still running the request waits in the
    /// channel, and a further one is dropped rather than block the writer.
    fn wrote(&mut self, bytes: usize) {
        self.unsynced += bytes as u64;
        if self.unsynced >= self.every
            && let Some(kick) = &self.kick
            && kick.try_send(()).is_ok()
        {
            self.unsynced = 0;
        }
    }

    /// Waits for the flushes asked for; how many ran, or the first error.
    fn stop(&mut self) -> io::Result<u64> {
        self.kick = None;
        match self.thread.take() {
            Some(thread) => thread.join().unwrap_or_else(|_| {
                Err(io::Error::other("the disk sync thread panicked"))
            }),
            None => Ok(0),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // A run that fails before `finish` leaves no stray temporary file.
        if let Output::File { tmp, .. } = self {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek};

    #[test]
    fn background_sync_flushes_while_writing_and_keeps_every_byte() {
        let mut file = tempfile::tempfile().unwrap();
        let mut sync = BackgroundSync::start(&file, 1024);
        let mut expected = Vec::new();
        for i in 0..64u8 {
            let chunk = vec![b'a' + i % 26; 4096];
            file.write_all(&chunk).unwrap();
            sync.wrote(chunk.len());
            expected.extend_from_slice(&chunk);
        }
        let syncs = sync.stop().unwrap();
        assert!(syncs >= 1, "no flush ran while writing");
        assert!(syncs <= 64, "more flushes than requests: {syncs}");
        let mut written = Vec::new();
        file.rewind().unwrap();
        file.read_to_end(&mut written).unwrap();
        assert_eq!(written, expected);
    }

    #[test]
    fn background_sync_asks_nothing_below_its_threshold() {
        let file = tempfile::tempfile().unwrap();
        let mut sync = BackgroundSync::start(&file, 1 << 20);
        sync.wrote(1000);
        assert_eq!(sync.stop().unwrap(), 0);
        // Stopping twice is harmless.
        assert_eq!(sync.stop().unwrap(), 0);
    }

    #[test]
    fn file_sinks_direct_and_buffered_write_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        // Records of every length across several direct-write blocks.
        let records: Vec<Vec<u8>> = (0..3000)
            .map(|i| {
                let mut r = vec![b'a' + (i % 26) as u8; (i * 37) % 2000];
                r.push(b'\n');
                r
            })
            .collect();
        let mut outputs = Vec::new();
        for direct in [true, false] {
            let path = dir.path().join(format!("out-{direct}"));
            let mut sink = FileSink::create(&path, direct).unwrap();
            assert_eq!(
                matches!(sink, FileSink::Direct(_)),
                direct && cfg!(target_os = "linux"),
                "direct I/O where asked for (on this file system)"
            );
            for r in &records {
                sink.write_all(r).unwrap();
            }
            sink.finish().unwrap();
            outputs.push(std::fs::read(&path).unwrap());
        }
        assert_eq!(outputs[0], records.concat());
        assert_eq!(outputs[1], records.concat());
    }

    #[test]
    fn output_file_appears_whole_only_at_finish() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let mut out = Output::open(Some(&path)).unwrap();
        out.write_batch(b"{\"id\":\"a\"}\n").unwrap();
        assert!(!path.exists());
        out.write_batch(b"{\"id\":\"b\"}\n").unwrap();
        out.finish().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name() != "out.jsonl")
            .collect();
        assert!(leftovers.is_empty(), "temporary file left: {leftovers:?}");
    }
}
