//! Where records go: standard output, or a file written under a temporary
//! name and renamed into place when the run finishes, so a crash never
//! leaves half a file where a good one was; or, for `--resume`, a file
//! appended in place and synced after every batch, so a crash loses at
//! most the batch being written (whose torn line `resume` drops).

use anyhow::{Context, Result, bail};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Buffer for file output. Workers hand over chunks of whole records,
/// usually larger than this, which `BufWriter` then writes straight
/// through instead of copying them into its buffer first; small chunks
/// are still gathered into fewer writes.
const WRITE_BUFFER: usize = 64 << 10;

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
        /// Buffered writer on the temporary file.
        writer: BufWriter<File>,
    },
    /// A file appended in place (`--resume`), synced after every batch.
    Append(File),
    /// Something that is not a regular file (`/dev/null`, a FIFO, a
    /// terminal): written directly, since renaming a temporary file over
    /// it would replace the device with a plain file.
    Special(BufWriter<File>),
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
        let file = File::create(&tmp)
            .with_context(|| format!("creating {}", tmp.display()))?;
        Ok(Output::File {
            path: path.to_path_buf(),
            tmp,
            writer: BufWriter::with_capacity(WRITE_BUFFER, file),
        })
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
            Output::File { writer, .. } | Output::Special(writer) => {
                writer.write_all(bytes)
            }
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
            Output::File { path, tmp, writer } => {
                writer.flush()?;
                writer.get_ref().sync_all()?;
                std::fs::rename(&*tmp, &*path).with_context(|| {
                    format!("renaming {} to {}", tmp.display(), path.display())
                })
            }
            Output::Append(file) => Ok(file.sync_all()?),
            Output::Special(writer) => Ok(writer.flush()?),
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
