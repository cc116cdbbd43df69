//! Usernames: what a login name may look like. Pure.

/// Why a username is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsernameProblem {
    Empty,
    TooLong,
    BadCharacter,
}

/// Longest username, in characters.
pub const MAX_USERNAME_CHARS: usize = 64;

/// A username is 1–64 letters, digits, `.`, `_` or `-` (any script), and
/// is compared after trimming and lowercasing.
pub fn check_username(name: &str) -> Result<(), UsernameProblem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(UsernameProblem::Empty);
    }
    if name.chars().count() > MAX_USERNAME_CHARS {
        return Err(UsernameProblem::TooLong);
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err(UsernameProblem::BadCharacter);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_table() {
        let long = "a".repeat(65);
        let table: &[(&str, Result<(), UsernameProblem>)] = &[
            ("amina", Ok(())),
            ("a.khan-2", Ok(())),
            ("عائشہ", Ok(())),
            ("  amina  ", Ok(())),
            ("", Err(UsernameProblem::Empty)),
            ("   ", Err(UsernameProblem::Empty)),
            (long.as_str(), Err(UsernameProblem::TooLong)),
            ("amina khan", Err(UsernameProblem::BadCharacter)),
            (
                "x'; DROP TABLE users;--",
                Err(UsernameProblem::BadCharacter),
            ),
            ("<b>", Err(UsernameProblem::BadCharacter)),
        ];
        for (name, expected) in table {
            assert_eq!(check_username(name), *expected, "{name:?}");
        }
    }
}
