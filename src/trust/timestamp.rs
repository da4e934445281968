//! Times in signed documents: `YYYY-MM-DDTHH:MM:SSZ`, UTC, nothing else.

use std::fmt;

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
const DATE_FORMAT: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// A UTC instant at whole-second precision, as signed payloads carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

/// The environment variable that pins the clock.
pub const CLOCK_ENV: &str = "SIGILL_NOW";

impl Timestamp {
    /// The current time, truncated to whole seconds.
    /// The time now, or the time `SIGILL_NOW` names (a date or a
    /// `YYYY-MM-DDTHH:MM:SSZ` time): tests pin the clock with it, and an
    /// auditor can check a site as of a moment. The command line refuses an
    /// unreadable `SIGILL_NOW` before anything runs.
    pub fn now() -> Self {
        if let Some(pinned) = std::env::var(CLOCK_ENV).ok().and_then(|v| Self::parse_date_or_time(&v)) {
            return pinned;
        }
        let now = OffsetDateTime::now_utc();
        Self(now.replace_nanosecond(0).unwrap_or(now))
    }

    /// Parses the strict payload form; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        if text.len() != 20 {
            return None;
        }
        let dt = PrimitiveDateTime::parse(text, FORMAT).ok()?;
        let parsed = Self(dt.assume_utc());
        // Reject forms the parser tolerates but we would never write.
        (parsed.to_string() == text).then_some(parsed)
    }

    /// Parses a date (`2027-05-01`) as midnight UTC at its start, or a full
    /// timestamp.
    pub fn parse_date_or_time(text: &str) -> Option<Self> {
        if let Ok(date) = Date::parse(text, DATE_FORMAT) {
            return Some(Self(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc()));
        }
        Self::parse(text)
    }

    /// Seconds since the Unix epoch.
    pub fn unix(&self) -> i64 {
        self.0.unix_timestamp()
    }

    pub fn from_unix(seconds: i64) -> Option<Self> {
        OffsetDateTime::from_unix_timestamp(seconds).ok().map(Self)
    }

    /// This instant plus whole days; `None` past the range of times a
    /// payload can hold (years 0000–9999).
    pub fn checked_plus_days(&self, days: i64) -> Option<Self> {
        let shifted = self.0.checked_add(time::Duration::seconds(days.checked_mul(86_400)?))?;
        (0..=9999).contains(&shifted.year()).then_some(Self(shifted))
    }

    /// This instant plus whole days.
    /// Saturates at the ends of the years 0000–9999 a payload can hold, so
    /// no number of days given on a command line can overflow.
    pub fn plus_days(&self, days: i64) -> Self {
        self.checked_plus_days(days).unwrap_or_else(|| if days < 0 { Self::earliest() } else { Self::latest() })
    }

    /// 0000-01-01T00:00:00Z.
    fn earliest() -> Self {
        Self(PrimitiveDateTime::new(Date::from_calendar_date(0, time::Month::January, 1).unwrap_or(Date::MIN), Time::MIDNIGHT).assume_utc())
    }

    /// 9999-12-31T23:59:59Z.
    fn latest() -> Self {
        let date = Date::from_calendar_date(9999, time::Month::December, 31).unwrap_or(Date::MAX);
        Self(PrimitiveDateTime::new(date, Time::from_hms(23, 59, 59).unwrap_or(Time::MIDNIGHT)).assume_utc())
    }

    /// Whole days from `self` until `later` (negative when `later` is earlier).
    pub fn days_until(&self, later: &Timestamp) -> i64 {
        (later.0 - self.0).whole_days()
    }

    /// The calendar date, `YYYY-MM-DD`, for people.
    pub fn date(&self) -> String {
        self.0.date().format(DATE_FORMAT).unwrap_or_else(|_| "????-??-??".into())
    }
}

/// Written as its `YYYY-MM-DDTHH:MM:SSZ` text; read only from exactly that
/// text, so a signed payload's times are checked once, where it is parsed.
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom(tr!("timestamp-not-yyyy-mm-ddthh-mm", text = format!("{:?}", text))))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.format(FORMAT).unwrap_or_else(|_| "????-??-??T??:??:??Z".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_days_never_overflows() {
        let now = Timestamp::parse("2026-11-29T00:00:00Z").unwrap();
        assert_eq!(now.plus_days(4_000_000_000).to_string(), "9999-12-31T23:59:59Z");
        assert_eq!(now.plus_days(-4_000_000_000).to_string(), "0000-01-01T00:00:00Z");
        assert_eq!(now.plus_days(i64::MAX).to_string(), "9999-12-31T23:59:59Z");
        assert_eq!(now.checked_plus_days(i64::MAX), None);
        assert_eq!(now.plus_days(1).to_string(), "2026-11-30T00:00:00Z");
    }

    #[test]
    fn parses_only_the_strict_form() {
        let t = Timestamp::parse("2026-11-28T07:30:00Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-28T07:30:00Z");
        assert_eq!(t.date(), "2026-11-28");
        for bad in ["2026-11-28T07:30:00", "2026-11-28 07:30:00Z", "2026-11-28T07:30:00+00:00", "2026-13-01T00:00:00Z", "2026-11-28T07:30:00.5Z"] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Timestamp::parse_date_or_time("2027-05-01").unwrap().to_string(), "2027-05-01T00:00:00Z");
        assert_eq!(t.days_until(&t.plus_days(30)), 30);
    }
}
