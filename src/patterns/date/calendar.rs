//! Calendar arithmetic for resolving relative dates: day numbers, weekdays,
//! month and year shifts, ISO weeks and Easter. Proleptic Gregorian, no time
//! zones; a few small functions are simpler than a calendar crate here.

use crate::entity::{CalendarDate, days_in_month};

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
pub fn to_days(d: CalendarDate) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5
        + i64::from(d.day)
        - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (inverse of [`to_days`]).
pub fn from_days(days: i64) -> CalendarDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    CalendarDate { year, month, day }
}

/// `d` shifted by `n` days.
pub fn add_days(d: CalendarDate, n: i64) -> CalendarDate {
    from_days(to_days(d) + n)
}

/// `d` shifted by `n` months, the day clamped to the target month's length.
pub fn add_months(d: CalendarDate, n: i64) -> CalendarDate {
    let index = i64::from(d.year) * 12 + i64::from(d.month) - 1 + n;
    let year = index.div_euclid(12) as i32;
    let month = index.rem_euclid(12) as u32 + 1;
    let day = d.day.min(days_in_month(year, month));
    CalendarDate { year, month, day }
}

/// ISO weekday: Monday = 1 … Sunday = 7.
pub fn weekday(d: CalendarDate) -> u32 {
    // 1970-01-01 was a Thursday.
    ((to_days(d) + 3).rem_euclid(7) + 1) as u32
}

/// ISO-8601 week-numbering year and week of `d`.
pub fn iso_week(d: CalendarDate) -> (i32, u32) {
    let thursday = add_days(d, 4 - i64::from(weekday(d)));
    let jan1 = CalendarDate { year: thursday.year, month: 1, day: 1 };
    let week = (to_days(thursday) - to_days(jan1)) / 7 + 1;
    (thursday.year, week as u32)
}

/// Western (Gregorian) Easter Sunday of `year` (anonymous Gregorian
/// algorithm).
pub fn easter(year: i32) -> CalendarDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    CalendarDate { year, month: month as u32, day: day as u32 }
}

/// A valid date from parts, or `None` (month 0, 31 June, 29 February 2015).
pub fn ymd(year: i32, month: u32, day: u32) -> Option<CalendarDate> {
    let ok = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month);
    ok.then_some(CalendarDate { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> CalendarDate {
        CalendarDate::parse_iso(s).unwrap()
    }

    #[test]
    fn calendar_days_round_trip() {
        for s in ["1970-01-01", "2000-02-29", "1900-03-01", "2016-11-07"] {
            assert_eq!(from_days(to_days(d(s))), d(s));
        }
        assert_eq!(add_days(d("2016-12-31"), 1), d("2017-01-01"));
        assert_eq!(add_days(d("2016-03-01"), -1), d("2016-02-29"));
    }

    #[test]
    fn calendar_months_clamp() {
        assert_eq!(add_months(d("2018-01-31"), 1), d("2018-02-28"));
        assert_eq!(add_months(d("2018-10-17"), -2), d("2018-08-17"));
        assert_eq!(add_months(d("2018-01-15"), -13), d("2016-12-15"));
    }

    #[test]
    fn calendar_weekdays_and_weeks() {
        assert_eq!(weekday(d("2016-11-07")), 1);
        assert_eq!(weekday(d("2019-01-31")), 4);
        assert_eq!(iso_week(d("2016-11-07")), (2016, 45));
        assert_eq!(iso_week(d("2021-01-01")), (2020, 53));
        assert_eq!(iso_week(d("2018-12-31")), (2019, 1));
    }

    #[test]
    fn calendar_easter() {
        assert_eq!(easter(2018), d("2018-04-01"));
        assert_eq!(easter(2020), d("2020-04-12"));
        assert_eq!(easter(2024), d("2024-03-31"));
    }
}
