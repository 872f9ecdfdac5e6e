//! A table's bytes as text: the encoding named or detected (BOM, UTF-8,
//! UTF-8 with a few damaged places, GB18030, UTF-16), and its data lines.

use std::borrow::Cow;

use super::{InputEncoding, IntakeError, IntakeOptions};

fn decode<'a>(
    input: &'a [u8],
    enc: InputEncoding,
    source: &str,
) -> Result<(Cow<'a, str>, &'static str), IntakeError> {
    let err = |encoding| IntakeError::Decode {
        source_name: source.to_owned(),
        encoding,
    };
    let utf16 = |bytes: &'a [u8]| -> Result<(Cow<'a, str>, &'static str), IntakeError> {
        let (enc, bom) =
            encoding_rs::Encoding::for_bom(bytes).ok_or_else(|| err("UTF-16 (with BOM)"))?;
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            Err(err("UTF-16"))
        } else {
            Ok((text, enc.name()))
        }
    };
    match enc {
        InputEncoding::Utf16 => utf16(input),
        InputEncoding::Utf8 => {
            let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
            std::str::from_utf8(body)
                .map(|s| (Cow::Borrowed(s), "UTF-8"))
                .map_err(|_| err("UTF-8"))
        }
        InputEncoding::Windows1252 => Ok(windows_1252(input)),
        InputEncoding::Gb18030 => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(input)
            .map(|t| (t, "GB18030"))
            .ok_or_else(|| err("GB18030")),
        InputEncoding::Auto => {
            if input.starts_with(b"\xFF\xFE") || input.starts_with(b"\xFE\xFF") {
                return utf16(input);
            }
            let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
            if let Ok(s) = std::str::from_utf8(body) {
                return Ok((Cow::Borrowed(s), "UTF-8"));
            }
            // Mostly UTF-8 with a few stray bytes: read as UTF-8 and let
            // the rows with the stray bytes be reported (they hold U+FFFD),
            // rather than misreading the whole file as GB18030.
            if mostly_utf8(body) {
                return Ok((String::from_utf8_lossy(body), "UTF-8"));
            }
            if single_byte_western(input) {
                return Ok(windows_1252(input));
            }
            encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(input)
                .map(|t| (t, "GB18030"))
                .ok_or_else(|| err("UTF-8 or GB18030"))
        }
    }
}

/// Bytes as Windows-1252 text (every byte is a character).
fn windows_1252(input: &[u8]) -> (Cow<'_, str>, &'static str) {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(input);
    (text, "windows-1252")
}

/// Whether bytes that are not UTF-8 read as a single-byte Western encoding
/// rather than GB18030: most of their bytes beyond ASCII stand alone
/// between ASCII bytes (`Müller`, `Straße`), where Chinese text has them in
/// runs (every character is two bytes beyond ASCII, and a name or an
/// address is several characters).
fn single_byte_western(bytes: &[u8]) -> bool {
    let (mut alone, mut in_runs) = (0usize, 0usize);
    let mut rest = bytes;
    while let Some(start) = rest.iter().position(|&b| b >= 0x80) {
        let run = rest[start..].iter().take_while(|&&b| b >= 0x80).count();
        if run == 1 {
            alone += 1;
        } else {
            in_runs += run;
        }
        rest = &rest[start + run..];
    }
    alone > in_runs
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 with a few
/// damaged places: valid multi-byte UTF-8 characters outnumber the invalid
/// sequences eight to one, and there is at most one invalid sequence per
/// hundred lines (and at most ten). Text in another encoding is told at
/// its eleventh invalid sequence, without reading on; and where it is
/// short, by the ratio: GB18030 bytes read as UTF-8 give a valid character
/// here and there by chance (`灵话` is C1 E9 BB B0, whose last three bytes
/// are one), never eight for each invalid sequence.
fn mostly_utf8(bytes: &[u8]) -> bool {
    const MOST: usize = 10;
    let mut rest = bytes;
    let (mut invalid, mut multibyte) = (0usize, 0usize);
    while !rest.is_empty() && invalid <= MOST {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += s.chars().filter(|c| c.len_utf8() > 1).count();
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                multibyte += std::str::from_utf8(good)
                    .map_or(0, |s| s.chars().filter(|c| c.len_utf8() > 1).count());
                invalid += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
            }
        }
    }
    if multibyte < invalid.saturating_mul(8) || invalid > MOST {
        return false;
    }
    let lines = memchr::memchr_iter(b'\n', bytes).count().saturating_add(1);
    invalid * 100 <= lines.max(100)
}

/// The text of a table in its encoding (see [`InputEncoding`]), and the
/// encoding's name; an error when it is not text or is blank.
pub(crate) fn decode_table<'a>(
    input: &'a [u8],
    source_name: &str,
    opts: &IntakeOptions,
) -> Result<(Cow<'a, str>, &'static str), IntakeError> {
    let (text, encoding) = decode(input, opts.encoding, source_name)?;
    if text.trim().is_empty() {
        return Err(IntakeError::Empty {
            source_name: source_name.to_owned(),
        });
    }
    Ok((text, encoding))
}

/// Lines after the header that hold anything, even only spaces; a line
/// ends at CRLF, LF or a lone CR (what Excel for Mac's "CSV (Macintosh)"
/// writes).
///
/// These are exactly the lines a record can start on: between records the
/// reader skips line ends alone, so an empty line gives no row, while a
/// line of spaces or of separators is a (blank) row. The header is the
/// first line that holds anything. So rows never outnumber these lines,
/// and fall short of them only where a row runs over several lines.
pub(crate) fn data_lines(text: &str) -> u64 {
    // Splitting at both bytes leaves an empty piece inside each CRLF,
    // which is not counted.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = text.split(['\r', '\n']).filter(|l| !l.is_empty()).count();
    u64::try_from(lines.saturating_sub(1)).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Common characters of Chinese registrations (names, places, units).
    const HANZI: &str = "张王李赵刘陈杨黄周吴徐孙马朱胡林郭何高罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严赖覃洪武莫孔原州区文化路号固人民医院银川市兴庆金凤西夏永宁贺兰灵武电话现场完全职业单位住址所在县";
    const LATIN: &str = "äöüÄÖÜßéèêëàâçîïôûùÿñÉÈÀÇ";

    fn chinese() -> impl Strategy<Value = String> {
        let hanzi: Vec<char> = HANZI.chars().collect();
        prop::collection::vec(
            prop_oneof![
                prop::collection::vec(prop::sample::select(hanzi), 1..5)
                    .prop_map(|c| c.into_iter().collect::<String>()),
                "[0-9a-zA-Z@. -]{0,12}",
            ],
            1..30,
        )
        .prop_map(|cells| cells.join(","))
        .prop_filter("some Chinese", |t| !t.is_ascii())
    }

    fn western() -> impl Strategy<Value = String> {
        let latin: Vec<char> = LATIN.chars().collect();
        // Words with letters beyond ASCII between ASCII ones, as names,
        // streets and districts have them.
        let word = (
            "[A-Za-z]{1,6}",
            prop::option::of(prop::sample::select(latin)),
            "[a-z]{1,6}",
        )
            .prop_map(|(a, l, b)| format!("{a}{}{b}", l.map(String::from).unwrap_or_default()));
        prop::collection::vec(word, 1..30)
            .prop_map(|w| w.join(";"))
            .prop_filter("some letters beyond ASCII", |t| !t.is_ascii())
    }

    proptest! {
        #[test]
        fn chinese_in_gb18030_is_read_as_gb18030(text in chinese()) {
            let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
            // A few GBK characters are valid UTF-8 too (陆 is C2 BD, ½):
            // text of only those is read as UTF-8, before either question.
            prop_assume!(std::str::from_utf8(&bytes).is_err());
            let (read, enc) = decode(&bytes, InputEncoding::Auto, "t.csv").unwrap();
            prop_assert_eq!(enc, "GB18030");
            prop_assert_eq!(read.as_ref(), text.as_str());
        }

        #[test]
        fn western_text_in_windows_1252_is_read_as_windows_1252(text in western()) {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
            let (read, enc) = decode(&bytes, InputEncoding::Auto, "t.csv").unwrap();
            prop_assert_eq!(enc, "windows-1252");
            prop_assert_eq!(read.as_ref(), text.as_str());
        }
    }

    #[test]
    fn windows_1252_can_be_named() {
        let (text, enc) = decode(b"M\xfcller;Stra\xdfe", InputEncoding::Windows1252, "t").unwrap();
        assert_eq!((text.as_ref(), enc), ("Müller;Straße", "windows-1252"));
    }
}
