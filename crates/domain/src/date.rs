//! Calendar dates and ages, without a date crate: the domain only needs civil dates and
//! completed years or months between two of them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A civil date (proleptic Gregorian), validated on construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ngày không hợp lệ `{input}` (cần dạng YYYY-MM-DD) / invalid date `{input}` (expected YYYY-MM-DD)")]
pub struct DateError {
    pub input: String,
}

const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Builds a date, or `None` when it does not exist (30 February, month 13, ...).
    pub const fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if year < 1 || year > 9999 || month < 1 || month > 12 {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days from 1970-01-01 to this date (Howard Hinnant's days-from-civil): the inverse of
    /// `from_unix_millis` at the day's start, UTC.
    pub fn unix_days(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The UTC day of a Unix time in milliseconds (Howard Hinnant's civil-from-days), for
    /// saying when something happened; `None` outside years 1..=9999.
    pub fn from_unix_millis(millis: i64) -> Option<Date> {
        let days = millis.div_euclid(86_400_000) + 719_468;
        let era = days.div_euclid(146_097);
        let doe = days.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Completed months from `self` to `on` (negative when `on` is earlier).
    pub fn months_until(self, on: Date) -> i32 {
        let mut months = (on.year - self.year) * 12 + i32::from(on.month) - i32::from(self.month);
        if on.day < self.day {
            months -= 1;
        }
        months
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError {
            input: s.to_string(),
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let year: i32 = s[0..4].parse().map_err(|_| err())?;
        let month: u8 = s[5..7].parse().map_err(|_| err())?;
        let day: u8 = s[8..10].parse().map_err(|_| err())?;
        Date::new(year, month, day).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A birth date as people know it: often only the year ("sinh năm 1987"), sometimes the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BirthDate {
    Full(Date),
    YearMonth { year: i32, month: u8 },
    Year(i32),
}

impl BirthDate {
    pub fn year(self) -> i32 {
        match self {
            BirthDate::Full(d) => d.year(),
            BirthDate::YearMonth { year, .. } | BirthDate::Year(year) => year,
        }
    }

    /// True when only the year (or year and month) is known, so ages are approximate.
    pub fn is_partial(self) -> bool {
        !matches!(self, BirthDate::Full(_))
    }

    /// The earliest day this birth date can stand for: for year-only, 1 January; used to test
    /// "born in the future".
    pub fn earliest(self) -> Date {
        match self {
            BirthDate::Full(d) => d,
            BirthDate::YearMonth { year, month } => Date::new(year, month, 1).unwrap_or(Date {
                year,
                month: 1,
                day: 1,
            }),
            BirthDate::Year(year) => Date {
                year,
                month: 1,
                day: 1,
            },
        }
    }

    /// Age in completed months on `on`. With a partial date the middle of the known period is
    /// used (1 July of the year, the 15th of the month), which is how reviewers estimate by hand.
    pub fn age_months(self, on: Date) -> i32 {
        let assumed = match self {
            BirthDate::Full(d) => d,
            BirthDate::YearMonth { year, month } => Date {
                year,
                month,
                day: 15,
            },
            BirthDate::Year(year) => Date {
                year,
                month: 7,
                day: 1,
            },
        };
        assumed.months_until(on)
    }

    /// Age in completed years on `on`.
    pub fn age_years(self, on: Date) -> i32 {
        self.age_months(on).div_euclid(12)
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BirthDate::Full(d) => d.fmt(f),
            BirthDate::YearMonth { year, month } => write!(f, "{year:04}-{month:02}"),
            BirthDate::Year(year) => write!(f, "{year:04}"),
        }
    }
}

impl FromStr for BirthDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<BirthDate, DateError> {
        let err = || DateError {
            input: s.to_string(),
        };
        match s.len() {
            4 => {
                let year: i32 = s.parse().map_err(|_| err())?;
                Date::new(year, 1, 1).ok_or_else(err)?;
                Ok(BirthDate::Year(year))
            }
            7 if s.as_bytes()[4] == b'-' => {
                let year: i32 = s[0..4].parse().map_err(|_| err())?;
                let month: u8 = s[5..7].parse().map_err(|_| err())?;
                Date::new(year, month, 1).ok_or_else(err)?;
                Ok(BirthDate::YearMonth { year, month })
            }
            _ => s.parse().map(BirthDate::Full),
        }
    }
}

impl Serialize for BirthDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BirthDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<BirthDate, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("test date")
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "24-01-01",
            "2024-1-01",
            "abcd-ef-gh",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn completed_years_turn_on_the_birthday() {
        let b = BirthDate::Full(d("2010-10-15"));
        assert_eq!(b.age_years(d("2026-10-14")), 15);
        assert_eq!(b.age_years(d("2026-10-15")), 16);
    }

    #[test]
    fn partial_birth_dates_parse_and_round_trip() {
        for s in ["1987", "1987-03", "1987-03-09"] {
            let b: BirthDate = s.parse().expect("parses");
            assert_eq!(b.to_string(), s);
        }
        assert_eq!(
            "1987".parse::<BirthDate>().map(|b| b.is_partial()),
            Ok(true)
        );
    }

    #[test]
    fn unix_millis_read_as_utc_days() {
        assert_eq!(Date::from_unix_millis(0), Date::new(1970, 1, 1));
        assert_eq!(
            Date::from_unix_millis(1_759_305_600_000),
            Date::new(2025, 10, 1)
        );
        assert_eq!(
            Date::from_unix_millis(951_782_400_000),
            Date::new(2000, 2, 29)
        );
        assert_eq!(Date::from_unix_millis(-86_400_000), Date::new(1969, 12, 31));
        assert_eq!(Date::from_unix_millis(i64::MAX), None);
    }

    #[test]
    fn unix_days_is_the_inverse_of_reading_a_day() {
        assert_eq!(d("1970-01-01").unix_days(), 0);
        assert_eq!(d("2025-10-01").unix_days(), 1_759_305_600_000 / 86_400_000);
        assert_eq!(d("1969-12-31").unix_days(), -1);
        for day in [-700_000_i64, -1, 0, 11_016, 20_362, 2_900_000] {
            let date = Date::from_unix_millis(day * 86_400_000).expect("in range");
            assert_eq!(date.unix_days(), day, "{date}");
        }
    }
}
