//! The search normaliser: stored names and typed queries pass through the
//! same function, so "Muḥammad" finds "Muhammad" and "علی" finds "علي".
//! Latin: lowercase, diacritics removed. Arabic script (Urdu): harakat,
//! tatweel and zero-width or direction marks removed; Arabic yeh and alef
//! maksura folded to Urdu yeh, Arabic kaf to keheh, the heh forms to heh
//! goal, hamza and madda carriers to bare alef; Eastern digits to 0–9.
//! Pure.

use unicode_normalization::UnicodeNormalization;

fn is_dropped(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'   // Latin combining diacritics
        | '\u{0610}'..='\u{061A}' // Arabic signs above/below
        | '\u{064B}'..='\u{065F}' // harakat, hamza marks
        | '\u{0670}'              // superscript alef
        | '\u{06D6}'..='\u{06ED}' // Quranic marks
        | '\u{0640}'              // tatweel
        | '\u{061C}'              // Arabic letter mark
        | '\u{200B}'..='\u{200F}' // zero-width space, joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{FEFF}'              // byte-order mark
    )
}

fn fold(c: char) -> char {
    match c {
        '\u{064A}' | '\u{0649}' | '\u{06D0}' => '\u{06CC}', // Arabic yeh, alef maksura → Urdu yeh
        '\u{0643}' => '\u{06A9}',                           // Arabic kaf → keheh
        '\u{0647}' | '\u{06D5}' | '\u{0629}' | '\u{06BE}' => '\u{06C1}', // heh forms → heh goal
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        other => other,
    }
}

/// The normal form used for every search: see the module comment.
pub fn normalise_for_search(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd() {
        if is_dropped(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for lower in fold(c).to_lowercase() {
            out.push(lower);
        }
    }
    out.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_and_queries_meet_in_one_form() {
        let table: &[(&str, &str, &str)] = &[
            ("Latin case", "AMINA Khan", "amina khan"),
            ("Latin diacritics", "Muḥammad Ṣāliḥ", "muhammad salih"),
            ("Bosnian letters", "Đorđe Šehić", "đorđe sehic"),
            ("spaces collapse", "  Bilal \t  Ahmed ", "bilal ahmed"),
            ("harakat removed", "مُحَمَّد", "محمد"),
            ("tatweel removed", "محـــمد", "محمد"),
            ("Arabic yeh to Urdu yeh", "علي", "علی"),
            ("alef maksura to Urdu yeh", "مصطفى", "مصطفی"),
            ("Arabic kaf to keheh", "كريم", "کریم"),
            ("heh to heh goal", "فاطمه", "فاطمہ"),
            ("teh marbuta to heh goal", "فاطمة", "فاطمہ"),
            ("hamza carrier to alef", "أحمد", "احمد"),
            ("madda to alef", "آمنہ", "امنہ"),
            (
                "zero-width marks removed; hamza on yeh dropped",
                "عا\u{200C}ئشہ\u{200F}",
                "عایشہ",
            ),
            ("Eastern digits", "HW-K7Q-۲۰۲۶-٠٠٤٢", "hw-k7q-2026-0042"),
            (
                "presentation forms",
                "\u{FEE3}\u{FEA4}\u{FEE4}\u{FEAA}",
                "محمد",
            ),
        ];
        for (rule, input, expected) in table {
            assert_eq!(normalise_for_search(input), *expected, "{rule}");
        }
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        for text in ["Muḥammad", "مُحَمَّد علي", "فاطمة", "HW-K7Q-2026-0042"] {
            let once = normalise_for_search(text);
            assert_eq!(normalise_for_search(&once), once, "{text} is stable");
        }
    }
}
