//! The calendar's names, as news writes them: months (full or abbreviated, with
//! or without a point) and weekdays. Metadata lines, the analyser's stems, the
//! date resolver and the entity rules all read them from here.

/// Three-letter month abbreviations, January first: every accepted spelling
/// starts with one.
const MONTH_PREFIXES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// English month names, lowercase, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// English weekday names, lowercase, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A regular-expression fragment (case-insensitive use) matching a month name or
/// its common abbreviation, with an optional point.
pub const MONTH_PATTERN: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// A regular-expression fragment (case-insensitive use) matching a weekday name.
pub const WEEKDAY_PATTERN: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";

/// Month number (1–12) for an English month name or its common abbreviation.
pub fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    let index = MONTH_PREFIXES.iter().position(|m| word.starts_with(m))?;
    let accepted = MONTH_NAMES[index].starts_with(&word) || (index == 8 && word == "sept");
    accepted.then_some(index as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_in_full_abbreviated_and_with_a_point() {
        assert_eq!(month_number("October"), Some(10));
        assert_eq!(month_number("Oct."), Some(10));
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Octopus"), None);
    }

    #[test]
    fn the_patterns_match_every_name() {
        let month = crate::pattern(&format!("^{MONTH_PATTERN}$"));
        assert!(MONTH_NAMES.iter().all(|m| month.is_match(m)));
        assert!(MONTH_PREFIXES.iter().all(|m| month.is_match(m)));
        let weekday = crate::pattern(&format!("^{WEEKDAY_PATTERN}$"));
        assert!(WEEKDAY_NAMES.iter().all(|d| weekday.is_match(d)));
    }
}
