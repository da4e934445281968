//! The languages Sigill speaks to people: the default theme, the verifiers'
//! wording and the command line.

use serde::{Deserialize, Serialize};

/// Swedish or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Sv,
    En,
}

impl Language {
    /// The BCP 47 code (`sv`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}
