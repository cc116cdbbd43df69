//! Who may open what (domain.md, "Sensitivity"), as data: the four tiers,
//! the views of a case, how a user relates to a case, and the role→view
//! table. One pure function, [`may_open`], answers every question; the
//! api's single read filter asks it for every field it returns.

/// Sensitivity tiers, from administrative to restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Needed to run the caseload: case number, phase, district, dates.
    T0,
    /// Identity and contact.
    T1,
    /// Needs, plans, family, custody, referrals: the everyday work.
    T2,
    /// Restricted: could harm the person or others if seen.
    T3,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::T0, Tier::T1, Tier::T2, Tier::T3];
}

/// The parts of a case a screen or export can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// Case number, phase, district, assignments, dates.
    Caseload,
    /// Names, birth, gender, languages, contact.
    Identity,
    /// Custody track and its history, referral source, legal status.
    Custody,
    /// The needs assessment and the disengagement profile.
    Needs,
    /// Plan goals.
    PlanGoals,
    /// Plan actions assigned to the mentor.
    MentorActions,
    /// Every plan action.
    PlanActions,
    /// The mentoring agreement.
    MentoringAgreement,
    /// Contacts and sessions written by anyone.
    Contacts,
    /// Contact notes the user wrote.
    OwnContacts,
    /// Family and network members.
    Family,
    /// Consents and legal bases.
    Consents,
    /// Referrals to services.
    Referrals,
    /// The safety screen and other restricted intake records.
    Safety,
    /// Incidents and unintended consequences.
    Incidents,
    /// Disclosures of information to partner organisations.
    Disclosures,
    /// Three-monthly reviews.
    Reviews,
}

impl View {
    pub const ALL: [View; 17] = [
        View::Caseload,
        View::Identity,
        View::Custody,
        View::Needs,
        View::PlanGoals,
        View::MentorActions,
        View::PlanActions,
        View::MentoringAgreement,
        View::Contacts,
        View::OwnContacts,
        View::Family,
        View::Consents,
        View::Referrals,
        View::Safety,
        View::Incidents,
        View::Disclosures,
        View::Reviews,
    ];
}

/// How the signed-in user stands to one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The user is the case's assigned case worker.
    Assigned,
    /// The user is the case's mentor.
    Mentee,
    /// The case is in one of the user's districts.
    District,
    /// None of these.
    None,
}

impl Relation {
    pub const ALL: [Relation; 4] = [
        Relation::Assigned,
        Relation::Mentee,
        Relation::District,
        Relation::None,
    ];
}

use super::role::Role;

/// What a mentor may open of a mentee's case.
/// Their own contact notes are further narrowed to rows they wrote.
const MENTOR_VIEWS: [View; 6] = [
    View::Caseload,
    View::Identity,
    View::MentoringAgreement,
    View::PlanGoals,
    View::MentorActions,
    View::OwnContacts,
];

/// One row of the role→view table: a role, through a relation, opens
/// these views up to this tier.
struct Grant {
    role: Role,
    relation: Relation,
    views: &'static [View],
    max_tier: Tier,
}

const GRANTS: &[Grant] = &[
    Grant {
        role: Role::CaseWorker,
        relation: Relation::Assigned,
        views: &View::ALL,
        max_tier: Tier::T3,
    },
    Grant {
        role: Role::Mentor,
        relation: Relation::Mentee,
        views: &MENTOR_VIEWS,
        max_tier: Tier::T2,
    },
    Grant {
        role: Role::Supervisor,
        relation: Relation::District,
        views: &View::ALL,
        max_tier: Tier::T3,
    },
];

/// Whether `role`, standing in `relation` to a case, may open a field of
/// `view` at `tier`. Administrators open no case content.
pub fn may_open(role: Role, relation: Relation, view: View, tier: Tier) -> bool {
    GRANTS.iter().any(|grant| {
        grant.role == role
            && grant.relation == relation
            && grant.views.contains(&view)
            && tier <= grant.max_tier
    })
}

/// Whether `role` in `relation` may see that the case exists at all.
pub fn may_see_case(role: Role, relation: Relation) -> bool {
    may_open(role, relation, View::Caseload, Tier::T0)
}

/// Whether `role` may change a district's service map: an administrator
/// (who deploys maps) anywhere, case workers and supervisors in their own
/// districts. Everyone signed in may read it: it holds no case content.
pub fn may_edit_service_map(role: Role, in_user_districts: bool) -> bool {
    match role {
        Role::Administrator => true,
        Role::CaseWorker | Role::Supervisor => in_user_districts,
        Role::Mentor => false,
    }
}

/// The strongest relation a user has to a case, given the facts.
pub fn relation_to_case(
    role: Role,
    is_assigned_worker: bool,
    is_mentor: bool,
    in_user_districts: bool,
) -> Relation {
    match role {
        Role::CaseWorker if is_assigned_worker => Relation::Assigned,
        Role::Mentor if is_mentor => Relation::Mentee,
        Role::Supervisor if in_user_districts => Relation::District,
        _ => Relation::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every role × relation × view × tier, against the table written out
    /// by hand from domain.md.
    #[test]
    fn access_table() {
        let mentor_opens = |view: View, tier: Tier| {
            tier <= Tier::T2
                && matches!(
                    view,
                    View::Caseload
                        | View::Identity
                        | View::MentoringAgreement
                        | View::PlanGoals
                        | View::MentorActions
                        | View::OwnContacts
                )
        };
        for role in Role::ALL {
            for relation in Relation::ALL {
                for view in View::ALL {
                    for tier in Tier::ALL {
                        let expected = match (role, relation) {
                            (Role::CaseWorker, Relation::Assigned) => true,
                            (Role::Supervisor, Relation::District) => true,
                            (Role::Mentor, Relation::Mentee) => mentor_opens(view, tier),
                            _ => false,
                        };
                        assert_eq!(
                            may_open(role, relation, view, tier),
                            expected,
                            "{role:?} as {relation:?} opening {view:?} at {tier:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn service_map_editors() {
        let table: &[(Role, bool, bool)] = &[
            (Role::Administrator, false, true),
            (Role::Administrator, true, true),
            (Role::CaseWorker, true, true),
            (Role::CaseWorker, false, false),
            (Role::Supervisor, true, true),
            (Role::Supervisor, false, false),
            (Role::Mentor, true, false),
            (Role::Mentor, false, false),
        ];
        for (role, in_district, expected) in table {
            assert_eq!(
                may_edit_service_map(*role, *in_district),
                *expected,
                "{role:?} in district {in_district}"
            );
        }
    }

    #[test]
    fn relation_table() {
        let table: &[(Role, bool, bool, bool, Relation)] = &[
            (Role::CaseWorker, true, false, true, Relation::Assigned),
            (Role::CaseWorker, false, false, true, Relation::None),
            (Role::Mentor, false, true, false, Relation::Mentee),
            (Role::Mentor, true, false, true, Relation::None),
            (Role::Supervisor, false, false, true, Relation::District),
            (Role::Supervisor, true, true, false, Relation::None),
            (Role::Administrator, true, true, true, Relation::None),
        ];
        for (role, assigned, mentor, district, expected) in table {
            assert_eq!(
                relation_to_case(*role, *assigned, *mentor, *district),
                *expected,
                "{role:?} assigned={assigned} mentor={mentor} district={district}"
            );
        }
    }
}
