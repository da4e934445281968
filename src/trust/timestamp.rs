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
    ///
    /// Read by hand, digit by digit: a build and a verifier read several
    /// times per page, and a format description costs ten times as much.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
            return None;
        }
        let number = |from: usize, to: usize| -> Option<u16> { b[from..to].iter().try_fold(0u16, |n, d| d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0'))) };
        let month = time::Month::try_from(u8::try_from(number(5, 7)?).ok()?).ok()?;
        let date = Date::from_calendar_date(i32::from(number(0, 4)?), month, u8::try_from(number(8, 10)?).ok()?).ok()?;
        let time = Time::from_hms(u8::try_from(number(11, 13)?).ok()?, u8::try_from(number(14, 16)?).ok()?, u8::try_from(number(17, 19)?).ok()?).ok()?;
        Some(Self(PrimitiveDateTime::new(date, time).assume_utc()))
    }

    /// The strict form's 20 bytes; `None` outside the years 0000–9999.
    fn to_bytes(self) -> Option<[u8; 20]> {
        let (year, month, day) = self.0.to_calendar_date();
        let (hour, minute, second) = self.0.to_hms();
        let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
        let mut out = *b"0000-00-00T00:00:00Z";
        let mut put = |at: usize, width: usize, mut n: u16| {
            for i in (at..at + width).rev() {
                out[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, u16::from(u8::from(month)));
        put(8, 2, u16::from(day));
        put(11, 2, u16::from(hour));
        put(14, 2, u16::from(minute));
        put(17, 2, u16::from(second));
        Some(out)
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
        match self.to_bytes() {
            Some(bytes) => String::from_utf8_lossy(&bytes[..10]).into_owned(),
            None => self.0.date().format(DATE_FORMAT).unwrap_or_else(|_| "????-??-??".into()),
        }
    }
}

/// Written as its `YYYY-MM-DDTHH:MM:SSZ` text; read only from exactly that
/// text, so a signed payload's times are checked once, where it is parsed.
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Written through `Display`, with no string in between.
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// Reads a timestamp from the document's own bytes when it can, with no copy.
struct TimestampVisitor;

impl serde::de::Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a time as YYYY-MM-DDTHH:MM:SSZ")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
        Timestamp::parse(text).ok_or_else(|| E::custom(tr!("timestamp-not-yyyy-mm-ddthh-mm", text = format!("{:?}", text))))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_bytes() {
            Some(bytes) => f.write_str(std::str::from_utf8(&bytes).map_err(|_| fmt::Error)?),
            None => f.write_str(&self.0.format(FORMAT).unwrap_or_else(|_| "????-??-??T??:??:??Z".into())),
        }
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

    /// The parser the hand-written one replaced: the `time` crate's, with
    /// a round trip that rejects any form it tolerates but Sigill never writes.
    fn reference_parse(text: &str) -> Option<Timestamp> {
        let dt = PrimitiveDateTime::parse(text, FORMAT).ok()?;
        let parsed = dt.assume_utc();
        (text.len() == 20 && parsed.format(FORMAT).ok()? == text).then_some(Timestamp(parsed))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// Any text of the strict form's shape, with digits that may not
        /// make a date (month 13, 31 February, hour 24, second 60) or
        /// characters that are not digits: both parsers agree, and what
        /// they accept is written back as it was read.
        #[test]
        fn hand_parsing_agrees_with_the_time_crate(text in "[0-9]{4}-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9]Z|[0-9+ -]{4}-[0-9a]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}[Z+]|.{0,22}") {
            let ours = Timestamp::parse(&text);
            proptest::prop_assert_eq!(ours, reference_parse(&text), "{:?}", text);
            if let Some(t) = ours {
                proptest::prop_assert_eq!(t.to_string(), text.clone());
                proptest::prop_assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{text}\""));
                proptest::prop_assert_eq!(t.date(), t.0.date().format(DATE_FORMAT).unwrap());
            }
        }

        /// Every second of the years 0000–9999 is written as the `time`
        /// crate writes it.
        #[test]
        fn hand_writing_agrees_with_the_time_crate(seconds in -62_167_219_200i64..=253_402_300_799) {
            let t = Timestamp::from_unix(seconds).unwrap();
            proptest::prop_assert_eq!(t.to_string(), t.0.format(FORMAT).unwrap());
            proptest::prop_assert_eq!(Timestamp::parse(&t.to_string()), Some(t));
        }
    }

    #[test]
    fn a_timestamp_is_read_from_json_with_or_without_escapes_and_refused_otherwise() {
        let t: Timestamp = serde_json::from_str("\"2026-11-28T07:30:00Z\"").unwrap();
        assert_eq!(t.to_string(), "2026-11-28T07:30:00Z");
        let escaped: Timestamp = serde_json::from_str("\"2026-11-28T07:30:00\\u005a\"").unwrap();
        assert_eq!(escaped, t, "an escaped character is read as itself");
        let refused = serde_json::from_str::<Timestamp>("\"2026-02-30T07:30:00Z\"").unwrap_err().to_string();
        assert!(refused.contains("2026-02-30T07:30:00Z"), "{refused}");
        assert!(serde_json::from_str::<Timestamp>("20261128").is_err(), "a number is not a time");
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
