//! Exit codes, as documented in `--help` and README.

use std::process::ExitCode;

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Every document was processed (or the reader closed the pipe).
    Success,
    /// The run finished but some documents have error records.
    SomeFailed,
    /// Usage error or fatal error: nothing trustworthy was produced.
    Fatal,
}

impl Exit {
    /// The numeric code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::SomeFailed => 1,
            Exit::Fatal => 2,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_documented_values() {
        assert_eq!(Exit::Success.code(), 0);
        assert_eq!(Exit::SomeFailed.code(), 1);
        assert_eq!(Exit::Fatal.code(), 2);
    }
}
