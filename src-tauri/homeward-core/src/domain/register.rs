//! The register's rules: custody tracks, referral sources, genders, the
//! identity fields a new participant needs, and the case-number form.
//! Pure: today's date is passed in.

use chrono::{Datelike, NaiveDate};

/// Declares a closed list of codes with `ALL`, `as_str` and `parse`.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == code)
            }
        }
    };
}

codes! {
    /// Where the participant stands with the justice system.
    CustodyTrack {
        Community = "community",
        Arrested = "arrested",
        PreTrial = "pre_trial",
        InCustody = "in_custody",
        ReleasePreparation = "release_preparation",
        ReleasedUnderSupervision = "released_under_supervision",
        Released = "released",
        Repatriated = "repatriated",
        DetainedAbroad = "detained_abroad",
    }
}

codes! {
    /// Who referred the participant.
    ReferralSource {
        PrisonOrProbation = "prison_or_probation",
        Court = "court",
        Police = "police",
        SelfReferral = "self",
        Family = "family",
        CommunityLeader = "community_leader",
        ReligiousLeader = "religious_leader",
        CivilSociety = "civil_society",
    }
}

codes! {
    /// Gender as the participant gives it.
    Gender {
        Female = "female",
        Male = "male",
        Other = "other",
        PreferNotToSay = "prefer_not_to_say",
    }
}

/// Longest name, alias or address, in characters.
pub const MAX_TEXT: usize = 200;

/// A field the register refuses, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub reason: &'static str,
}

fn problem(field: &'static str, reason: &'static str) -> FieldProblem {
    FieldProblem { field, reason }
}

/// Identity and referral facts of a participant, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Registration<'a> {
    pub name_latin: &'a str,
    pub name_urdu: &'a str,
    pub alias: &'a str,
    pub date_of_birth: Option<NaiveDate>,
    pub approx_age: Option<i64>,
    pub phone: &'a str,
    pub address: &'a str,
    pub referral_date: Option<NaiveDate>,
}

fn check_text(field: &'static str, value: &str) -> Result<(), FieldProblem> {
    if value.chars().count() > MAX_TEXT {
        return Err(problem(field, "is longer than 200 characters"));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(problem(field, "holds control characters"));
    }
    Ok(())
}

/// Checks a registration on `today`.
pub fn check_registration(reg: &Registration<'_>, today: NaiveDate) -> Result<(), FieldProblem> {
    if reg.name_latin.trim().is_empty() && reg.name_urdu.trim().is_empty() {
        return Err(problem(
            "name_latin",
            "a name in Latin or Urdu script is required",
        ));
    }
    for (field, value) in [
        ("name_latin", reg.name_latin),
        ("name_urdu", reg.name_urdu),
        ("alias", reg.alias),
        ("address", reg.address),
    ] {
        check_text(field, value)?;
    }
    if reg.phone.chars().count() > 30
        || !reg
            .phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c))
    {
        return Err(problem(
            "phone",
            "may hold only digits, spaces and + - ( ), at most 30",
        ));
    }
    if let Some(born) = reg.date_of_birth {
        if born > today {
            return Err(problem("date_of_birth", "is in the future"));
        }
        if today.year() - born.year() > 120 {
            return Err(problem("date_of_birth", "is more than 120 years ago"));
        }
    }
    if let Some(age) = reg.approx_age {
        if !(0..=120).contains(&age) {
            return Err(problem("approx_age", "must be between 0 and 120"));
        }
    }
    match reg.referral_date {
        None => return Err(problem("referral_date", "is required")),
        Some(date) if date > today => return Err(problem("referral_date", "is in the future")),
        Some(date) if today.year() - date.year() > 50 => {
            return Err(problem("referral_date", "is more than 50 years ago"))
        }
        Some(_) => {}
    }
    Ok(())
}

/// `HW-<device code>-<year>-<number>`, the number at least four digits.
pub fn case_number(device_code: &str, year: i32, number: i64) -> String {
    format!("HW-{device_code}-{year}-{number:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn registration_table() {
        let today = day(2026, 11, 21);
        let ok = Registration {
            name_latin: "Bilal Ahmed",
            name_urdu: "بلال احمد",
            referral_date: Some(day(2026, 11, 1)),
            ..Default::default()
        };
        let long = "a".repeat(201);
        let cases: Vec<(&str, Registration<'_>, Result<(), &str>)> = vec![
            ("a complete registration", ok.clone(), Ok(())),
            (
                "Urdu name alone",
                Registration {
                    name_latin: "",
                    ..ok.clone()
                },
                Ok(()),
            ),
            (
                "no name at all",
                Registration {
                    name_latin: " ",
                    name_urdu: "",
                    ..ok.clone()
                },
                Err("name_latin"),
            ),
            (
                "name too long",
                Registration {
                    name_latin: &long,
                    ..ok.clone()
                },
                Err("name_latin"),
            ),
            (
                "control character",
                Registration {
                    alias: "a\u{0007}",
                    ..ok.clone()
                },
                Err("alias"),
            ),
            (
                "letters in phone",
                Registration {
                    phone: "call me",
                    ..ok.clone()
                },
                Err("phone"),
            ),
            (
                "good phone",
                Registration {
                    phone: "+92 300 1234567",
                    ..ok.clone()
                },
                Ok(()),
            ),
            (
                "born tomorrow",
                Registration {
                    date_of_birth: Some(day(2026, 11, 22)),
                    ..ok.clone()
                },
                Err("date_of_birth"),
            ),
            (
                "born 1890",
                Registration {
                    date_of_birth: Some(day(1890, 1, 1)),
                    ..ok.clone()
                },
                Err("date_of_birth"),
            ),
            (
                "age 130",
                Registration {
                    approx_age: Some(130),
                    ..ok.clone()
                },
                Err("approx_age"),
            ),
            (
                "no referral date",
                Registration {
                    referral_date: None,
                    ..ok.clone()
                },
                Err("referral_date"),
            ),
            (
                "referral tomorrow",
                Registration {
                    referral_date: Some(day(2026, 11, 22)),
                    ..ok.clone()
                },
                Err("referral_date"),
            ),
            (
                "referral today",
                Registration {
                    referral_date: Some(today),
                    ..ok.clone()
                },
                Ok(()),
            ),
        ];
        for (rule, reg, expected) in cases {
            assert_eq!(
                check_registration(&reg, today).map_err(|p| p.field),
                expected,
                "{rule}"
            );
        }
    }

    #[test]
    fn codes_round_trip() {
        for track in CustodyTrack::ALL {
            assert_eq!(CustodyTrack::parse(track.as_str()), Some(*track));
        }
        for source in ReferralSource::ALL {
            assert_eq!(ReferralSource::parse(source.as_str()), Some(*source));
        }
        assert_eq!(CustodyTrack::parse("prison"), None);
    }

    #[test]
    fn case_numbers_carry_the_device_and_year() {
        assert_eq!(case_number("K7QM", 2026, 42), "HW-K7QM-2026-0042");
        assert_eq!(case_number("K7QM", 2026, 12345), "HW-K7QM-2026-12345");
    }
}
