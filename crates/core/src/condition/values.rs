//! Reading condition values as the types the operators compare: numbers, dates (ISO 8601 or
//! epoch seconds, and printing them back), booleans, IP addresses and CIDR blocks, and base64
//! binary.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use ipnet::IpNet;
use std::cmp::Ordering;
use std::net::IpAddr;

/// The largest power of ten a number may be written with (`1e1000`); a larger one is not read as
/// a number, as `1e400` was not when numbers were binary floats (it overflowed to infinity).
const MAX_EXPONENT: i64 = 1000;

/// A number as the `Numeric…` operators compare it: a decimal, exact.
///
/// AWS documents numeric conditions as comparing integers and decimals. Kept as its decimal
/// digits, `9007199254740993` stays greater than `9007199254740992` (a binary float rounds the
/// two to one value), and reading one needs no float parsing tables in the site's wasm (14 KB
/// brotli of its first load).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// `-1`, `0` or `1`.
    sign: i8,
    /// The significant digits in ASCII, without leading or trailing zeros; empty for zero.
    digits: Vec<u8>,
    /// The number is `0.DIGITS × 10^exponent`.
    exponent: i64,
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let magnitude = || {
            self.exponent
                .cmp(&other.exponent)
                .then_with(|| self.digits.cmp(&other.digits))
        };
        match (self.sign.cmp(&other.sign), self.sign) {
            (Ordering::Equal, 1) => magnitude(),
            (Ordering::Equal, -1) => magnitude().reverse(),
            (order, _) => order,
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A number, as `Numeric…` operators read it: an optional sign, decimal digits with an optional
/// fraction, and an optional exponent (`-2.5`, `.5`, `10.`, `1e3`); not hexadecimal, infinity or
/// NaN.
pub fn number(text: &str) -> Option<Number> {
    let text = text.trim();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match rest.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent_of(exponent)?),
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !is_digits(whole) || !is_digits(fraction) {
        return None;
    }
    let all: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    let leading = all.iter().take_while(|&&b| b == b'0').count();
    let trailing = all.iter().rev().take_while(|&&b| b == b'0').count();
    let digits: Vec<u8> = all
        .iter()
        .copied()
        .skip(leading)
        .take(all.len().saturating_sub(leading + trailing))
        .collect();
    if digits.is_empty() {
        return Some(Number {
            sign: 0,
            digits,
            exponent: 0,
        });
    }
    let point = i64::try_from(whole.len()).ok()? - i64::try_from(leading).ok()?;
    Some(Number {
        sign: if negative { -1 } else { 1 },
        digits,
        exponent: point + exponent,
    })
}

/// The exponent after `e`: an optional sign and at most [`MAX_EXPONENT`].
fn exponent_of(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = digits.parse().ok()?;
    (value <= MAX_EXPONENT).then_some(if negative { -value } else { value })
}

/// A boolean, as `Bool` reads it (`true`/`false`, any case).
pub fn boolean(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An IP address or CIDR block; a plain address is a one-address block.
pub fn ip_block(text: &str) -> Option<IpNet> {
    let text = text.trim();
    if let Ok(net) = text.parse::<IpNet>() {
        return Some(net.trunc());
    }
    text.parse::<IpAddr>().ok().map(IpNet::from)
}

/// An IP address (a request value).
pub fn ip_address(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<IpNet>().ok().map(|n| n.addr()))
}

/// Base64 with the standard alphabet, as `BinaryEquals` reads it: surrounding whitespace and
/// padding ignored (`=` may be missing or repeated), and bits past the last byte need not be
/// zero.
const BINARY: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// Base64 (standard alphabet, padding optional) decoded to bytes.
pub fn binary(text: &str) -> Option<Vec<u8>> {
    BINARY.decode(text.trim().trim_end_matches('=')).ok()
}

/// A date as milliseconds since 1970-01-01T00:00:00Z: ISO 8601 (`2026-01-31`,
/// `2026-01-31T12:00:00Z`, with optional fraction and `±hh:mm` offset) or epoch seconds.
pub fn date(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok()?.checked_mul(1000);
    }
    let bytes = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = text.get(from..from + len)?;
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let year = num(0, 4)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut millis = days_from_civil(year, month, day).checked_mul(86_400_000)?;
    if bytes.len() == 10 {
        return Some(millis);
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = num(11, 2)?;
    if bytes.get(13) != Some(&b':') {
        return None;
    }
    let minute = num(14, 2)?;
    let (second, mut at) = if bytes.get(16) == Some(&b':') {
        (num(17, 2)?, 19)
    } else {
        (0, 16)
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    millis += ((hour * 60 + minute) * 60 + second) * 1000;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        let fraction = text.get(start..at)?;
        if fraction.is_empty() {
            return None;
        }
        let padded: String = fraction.chars().chain("000".chars()).take(3).collect();
        millis += padded.parse::<i64>().ok()?;
    }
    match bytes.get(at) {
        None => Some(millis),
        Some(b'Z' | b'z') if at + 1 == bytes.len() => Some(millis),
        Some(sign @ (b'+' | b'-')) => {
            let offset_hours = num(at + 1, 2)?;
            let offset_minutes = match bytes.get(at + 3) {
                Some(b':') => num(at + 4, 2)?,
                _ => num(at + 3, 2)?,
            };
            let end = if bytes.get(at + 3) == Some(&b':') {
                at + 6
            } else {
                at + 5
            };
            if end != bytes.len() {
                return None;
            }
            let offset = (offset_hours * 60 + offset_minutes) * 60_000;
            Some(if *sign == b'+' {
                millis - offset
            } else {
                millis + offset
            })
        }
        _ => None,
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Epoch seconds as ISO 8601 in UTC (`2026-11-22T12:00:00Z`), the form [`date`] reads back.
pub fn iso_utc(epoch_seconds: i64) -> String {
    let (year, month, day) = civil_from_days(epoch_seconds.div_euclid(86_400));
    let second = epoch_seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second / 3600,
        second % 3600 / 60,
        second % 60
    )
}

/// The proleptic Gregorian date of days since 1970-01-01: [`days_from_civil`] undone.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_accepted_form() {
        assert_eq!(date("1970-01-01"), Some(0));
        assert_eq!(date("1970-01-02T00:00:00Z"), Some(86_400_000));
        assert_eq!(date("2019-07-16T12:00:00Z"), Some(1_563_278_400_000));
        assert_eq!(date("2019-07-16T12:00:00.5Z"), Some(1_563_278_400_500));
        assert_eq!(date("2019-07-16T14:00:00+02:00"), Some(1_563_278_400_000));
        assert_eq!(date("2019-07-16T12:00Z"), Some(1_563_278_400_000));
        assert_eq!(date("1563278400"), Some(1_563_278_400_000));
        assert_eq!(date("2019-02-29"), None);
        assert_eq!(date("2020-02-29"), Some(1_582_934_400_000));
        assert_eq!(date("2019-13-01"), None);
        assert_eq!(date("yesterday"), None);
        assert_eq!(date("2019-07-16T12:00:00Zjunk"), None);
    }

    #[test]
    fn epoch_seconds_print_as_the_dates_they_are() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_563_278_400), "2019-07-16T12:00:00Z");
        assert_eq!(iso_utc(1_582_934_399), "2020-02-28T23:59:59Z");
        assert_eq!(iso_utc(1_582_934_400), "2020-02-29T00:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(iso_utc(4_102_444_800), "2100-01-01T00:00:00Z");
        // Every day for a few centuries reads back as itself.
        let mut seconds = -4_000_000_000_i64;
        while seconds < 8_000_000_000 {
            assert_eq!(date(&iso_utc(seconds)), Some(seconds * 1000), "{seconds}");
            seconds += 86_400 * 7 + 3_601;
        }
    }

    #[test]
    fn numbers_booleans_ips_and_binary() {
        let n = |text: &str| number(text).unwrap();
        assert_eq!(n("10"), n("1e1"));
        assert_eq!(n("10"), n("010.000"));
        assert_eq!(n("-0"), n("0"));
        assert_eq!(n(".5"), n("5e-1"));
        assert_eq!(n("10."), n("+10"));
        assert!(n("-2.5") < n("-2.4"));
        assert!(n("-2.5") < n("0"));
        assert!(n("0.001") < n("0.01"));
        assert!(n("99") < n("100"));
        assert!(n("12") < n("12.01"));
        assert!(n("9007199254740992") < n("9007199254740993"));
        assert!(n("1e-400") > n("0"));
        for text in [
            "NaN", "inf", "0x10", "", ".", "-", "1e", "1e+", "1.2.3", "1e1001", "١",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
        assert_eq!(boolean("TRUE"), Some(true));
        assert_eq!(boolean("yes"), None);
        assert!(
            ip_block("203.0.113.0/24")
                .unwrap()
                .contains(&ip_address("203.0.113.9").unwrap())
        );
        assert!(
            !ip_block("203.0.113.0/24")
                .unwrap()
                .contains(&ip_address("203.0.114.9").unwrap())
        );
        assert!(
            ip_block("2001:db8::/32")
                .unwrap()
                .contains(&ip_address("2001:db8::1").unwrap())
        );
        assert!(
            ip_block("10.0.0.1")
                .unwrap()
                .contains(&ip_address("10.0.0.1").unwrap())
        );
        assert_eq!(ip_block("10.0.0.300"), None);
        assert_eq!(binary("QmluYXJ5VmFsdWU="), Some(b"BinaryValue".to_vec()));
        assert_eq!(binary("QmluYXJ5VmFsdWU"), Some(b"BinaryValue".to_vec()));
        assert_eq!(binary("not base64!"), None);
        // What the decoder tolerated before it was the `base64` crate's.
        assert_eq!(
            binary(" QmluYXJ5VmFsdWU== \n"),
            Some(b"BinaryValue".to_vec())
        );
        assert_eq!(binary(""), Some(Vec::new()));
        assert_eq!(
            binary("QR"),
            Some(b"A".to_vec()),
            "trailing bits are ignored"
        );
        assert_eq!(binary("QmluY"), None, "a lone sixth of a byte");
        assert_eq!(binary("Qm=lu"), None);
        assert_eq!(
            binary("Qm-_"),
            None,
            "the URL-safe alphabet is not BinaryEquals'"
        );
        assert_eq!(binary("+/+/"), Some(vec![0xfb, 0xff, 0xbf]));
    }
}
