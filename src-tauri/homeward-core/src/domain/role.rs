//! The four roles of domain.md and their stable codes.

/// Who a user is in the programme; decides what they may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    CaseWorker,
    Mentor,
    Supervisor,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::CaseWorker,
        Role::Mentor,
        Role::Supervisor,
        Role::Administrator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::CaseWorker => "case_worker",
            Role::Mentor => "mentor",
            Role::Supervisor => "supervisor",
            Role::Administrator => "administrator",
        }
    }

    /// Parses a stored or typed code; accepts `-` for `_`.
    pub fn parse(code: &str) -> Option<Role> {
        let code = code.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|role| role.as_str() == code)
    }

    /// Administrators manage users, keys and backups.
    pub fn manages_users(self) -> bool {
        self == Role::Administrator
    }

    /// Who may verify the audit chain.
    pub fn verifies_audit(self) -> bool {
        matches!(self, Role::Administrator | Role::Supervisor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_strangers_are_refused() {
        for role in Role::ALL {
            assert_eq!(
                Role::parse(role.as_str()),
                Some(role),
                "{role:?} round-trips"
            );
        }
        assert_eq!(Role::parse("case-worker"), Some(Role::CaseWorker));
        for bad in ["", "admin", "root", "case worker"] {
            assert_eq!(Role::parse(bad), None, "{bad:?} is not a role");
        }
    }
}
