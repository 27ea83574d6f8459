//! The wall clock, read only here: the domain and the store take time as an argument.

use rasoat_domain::Date;

/// Unix milliseconds now: the one reading of the clock every edge shares.
pub use rasoat_store::unix_millis_now as now_ms;

/// Today's civil date (UTC+7, the time of Vietnam, so a form filled at 6 in the morning is
/// dated today and not yesterday).
pub fn today() -> Date {
    let days = (now_ms() + 7 * 3_600_000).div_euclid(86_400_000);
    civil_from_days(days)
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date::new(year, month, day).unwrap_or(EPOCH)
}

const EPOCH: Date = match Date::new(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 exists"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_day_numbers() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(19_723).to_string(), "2024-01-01");
        assert_eq!(civil_from_days(19_782).to_string(), "2024-02-29");
    }
}
