//! Mainland China resident ID numbers (GB 11643-1999): the ISO 7064 MOD 11-2
//! check character.
//!
//! ```
//! use openday::resident_id::check_character;
//! // The example number from GB 11643-1999:
//! assert_eq!(check_character("11010519491231002"), Some('X'));
//! assert_eq!(check_character("1101051949123100"), None); // 16 digits
//! ```

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of 17 digit values (0 to 9 each; a larger value
/// gives a wrong character, never a panic).
pub(crate) fn check_of_digits(digits: &[u8; 17]) -> char {
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d) * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

/// The check character for the first 17 digits of an 18-character ID
/// number, or `None` when the input is not exactly 17 ASCII digits.
pub fn check_character(first17: &str) -> Option<char> {
    let bytes: &[u8; 17] = first17.as_bytes().try_into().ok()?;
    if !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(check_of_digits(&bytes.map(|b| b - b'0')))
}

/// Whether an 18-character ID number's last character is its check
/// character (`x` is accepted for `X`).
pub fn has_valid_check_character(id: &str) -> bool {
    id.len() == 18
        && id.is_char_boundary(17)
        && check_character(&id[..17])
            .is_some_and(|c| id[17..].eq_ignore_ascii_case(c.encode_utf8(&mut [0; 4])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn exactly_one_check_character_is_valid(first in "[0-9]{17}") {
            let good = check_character(&first).unwrap();
            for c in "0123456789X".chars() {
                let id = format!("{first}{c}");
                prop_assert_eq!(has_valid_check_character(&id), c == good);
            }
        }
    }

    #[test]
    fn lowercase_x_is_accepted_and_garbage_refused() {
        assert!(has_valid_check_character("11010519491231002x"));
        assert!(!has_valid_check_character("1101051949123100"));
        assert!(!has_valid_check_character("11010519491231002é"));
    }
}
