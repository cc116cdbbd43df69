//! The passphrase policy: 12 to 128 characters, refused when common or
//! easily guessed (zxcvbn's offline lists and estimate), no composition rules.

/// Shortest passphrase accepted, in characters.
pub const MIN_CHARS: usize = 12;
/// Longest passphrase accepted, in characters.
pub const MAX_CHARS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseProblem {
    TooShort,
    TooLong,
    TooGuessable,
}

/// Checks a new passphrase; `related` holds words a guesser would try
/// first (the username, the product name).
pub fn check_passphrase(passphrase: &str, related: &[&str]) -> Result<(), PassphraseProblem> {
    let chars = passphrase.chars().count();
    if chars < MIN_CHARS {
        return Err(PassphraseProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PassphraseProblem::TooLong);
    }
    let estimate = zxcvbn::zxcvbn(passphrase, related);
    if (estimate.score() as u8) < 3 {
        return Err(PassphraseProblem::TooGuessable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_table() {
        let long = "river ".repeat(30);
        let table: &[(&str, Result<(), PassphraseProblem>)] = &[
            ("short one", Err(PassphraseProblem::TooShort)),
            ("passwordpassword", Err(PassphraseProblem::TooGuessable)),
            ("123456789012", Err(PassphraseProblem::TooGuessable)),
            ("qwertyuiopasdf", Err(PassphraseProblem::TooGuessable)),
            ("amina.khan.2026", Err(PassphraseProblem::TooGuessable)),
            (long.as_str(), Err(PassphraseProblem::TooLong)),
            ("amber lantern quietly 71", Ok(())),
            ("چاند رات کی خاموش ہوا", Ok(())),
        ];
        for (passphrase, expected) in table {
            assert_eq!(
                check_passphrase(passphrase, &["amina.khan", "homeward"]),
                *expected,
                "{passphrase:?}"
            );
        }
    }
}
