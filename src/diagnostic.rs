//! One type for every problem the pipeline reports: where, what, and what to do.
//!
//! Stages collect diagnostics for the whole site instead of stopping at the
//! first; the command line renders them and decides the exit code.

use std::fmt;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in the user's site, tied to a file and, where known, a line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error in `file` with no position.
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: file.into(), line: None, column: None, severity: Severity::Error, message: message.into(), help: None }
    }

    /// A warning in `file`; warnings never fail a build.
    /// The same problem, counted as an error (a strict build).
    pub fn into_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    /// The same problem, counted as a warning (it does not stop a build).
    pub fn into_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(file, message) }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Adds the sentence that tells the user what to do.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let label = match self.severity {
            Severity::Error => tr!("diagnostic-error"),
            Severity::Warning => tr!("diagnostic-warning"),
        };
        write!(f, ": {label}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  {}: {help}", tr!("diagnostic-help"))?;
        }
        Ok(())
    }
}

/// Maps byte offsets in a text to 1-based line and column (in characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// Line and column of `offset`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// Suggests the closest of `candidates` to `word`, if any is close.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let index = LineIndex::new("ab\nåäö x\n");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position("ab\nåäö ".len()), (2, 5));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(did_you_mean("publsher", &["title", "publisher"]), Some("publisher"));
        assert_eq!(did_you_mean("zzzzzz", &["title", "publisher"]), None);
    }

    #[test]
    fn renders_file_line_and_help() {
        let d = Diagnostic::error("content/a.md", "bad").at(3, 2).help("fix it");
        assert_eq!(d.to_string(), "content/a.md:3:2: error: bad\n  help: fix it");
    }
}
