//! Masking of personal data for display, logs, errors and default exports.
//!
//! ```
//! use openday::mask;
//! assert_eq!(mask::name("张三丰"), "张*丰");
//! assert_eq!(mask::name("李四"), "李*");
//! assert_eq!(mask::phone("13800000007"), "138****0007");
//! assert_eq!(mask::phone("0954-2030007"), "0954-****007");
//! assert_eq!(mask::id_number("11010519491231002X"), "110***********002X");
//! assert_eq!(mask::address("原州区文化路7号3单元502室"), "原州区文化路****");
//! ```

/// Whether personal data is masked in an output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Masking {
    /// Names, phones, ID numbers and addresses are masked (the default).
    #[default]
    Masked,
    /// Values are written as given; only on the caller's explicit request.
    Unmasked,
}

impl Masking {
    /// Apply `f` when masking, else give the value back.
    pub fn apply(self, value: &str, f: fn(&str) -> String) -> String {
        match self {
            Self::Masked => f(value),
            Self::Unmasked => value.to_owned(),
        }
    }
}

/// A name with all but its first (and, from three characters, last)
/// character replaced by `*`: 张*丰, 李*, 欧**锋. A name written in words
/// keeps each word's initial only: `Anna Berg` → `A*** B***`.
///
/// ```
/// assert_eq!(openday::mask::name("欧阳锋"), "欧*锋");
/// assert_eq!(openday::mask::name("Anna  Berg-Lund"), "A*** B********");
/// ```
pub fn name(value: &str) -> String {
    if value.trim().contains(char::is_whitespace) {
        return value
            .split_whitespace()
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| format!("{f}{}", "*".repeat(c.count())))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    let chars: Vec<char> = value.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// A phone number keeping a prefix and the last digits: 138****0007,
/// 0954-****007.
pub fn phone(value: &str) -> String {
    // Only a real area code (0 and at most 3 more digits) is kept whole;
    // "13800138000-1" is a mobile with an extension, masked as a whole.
    let area_code = |a: &str| a.starts_with('0') && (3..=4).contains(&a.len());
    if let Some((area, number)) = value.split_once('-').filter(|(a, _)| area_code(a)) {
        let keep = number.chars().count().saturating_sub(4).min(3);
        let tail: String = number.chars().skip(number.chars().count() - keep).collect();
        return format!("{area}-****{tail}");
    }
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// An e-mail address keeping the first character of the mailbox and the
/// domain: a***@example.org.
pub fn email(value: &str) -> String {
    match value.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

/// An ID number keeping the first three and last four characters.
pub fn id_number(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// An address keeping its first six characters (district and street).
pub fn address(value: &str) -> String {
    let head: String = value.chars().take(6).collect();
    format!("{head}****")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn phone_mask_hides_exactly_the_middle_four(digits in "1[3-9][0-9]{9}") {
            prop_assert_eq!(phone(&digits), format!("{}****{}", &digits[..3], &digits[7..]));
        }

        #[test]
        fn name_masks_keep_length(n in "[\\u{4e00}-\\u{9fa5}]{1,6}") {
            prop_assert_eq!(name(&n).chars().count(), n.chars().count());
            if n.chars().count() >= 2 { prop_assert_ne!(name(&n), n); }
        }
    }

    #[test]
    fn short_values_are_fully_masked() {
        assert_eq!(name("王"), "*");
        assert_eq!(phone("12345"), "*****");
        assert_eq!(id_number("1234"), "****");
        assert_eq!(name("欧阳锋锋"), "欧**锋");
        assert_eq!(Masking::Unmasked.apply("张三", name), "张三");
        assert_eq!(Masking::Masked.apply("张三", name), "张*");
    }
}
