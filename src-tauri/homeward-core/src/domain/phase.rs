//! Phases and gates as a pure state machine. Given the facts of a case (and
//! the date, through the facts the caller computed on it), it says which
//! transitions exist from the current phase and exactly what each still
//! lacks. The api gathers the facts, asks, and refuses a transition whose
//! list is not empty. The review's decision picks where a case goes after
//! phase 5: back to implementation, to follow-up, or closed.

use super::consent::ConsentMissing;
use super::plan::PlanFacts;

/// The eight phases of domain.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    Intake = 0,
    Assessment = 1,
    ServiceMapping = 2,
    Plan = 3,
    Implementation = 4,
    Review = 5,
    FollowUp = 6,
    Closed = 7,
}

impl Phase {
    pub const ALL: [Phase; 8] = [
        Phase::Intake,
        Phase::Assessment,
        Phase::ServiceMapping,
        Phase::Plan,
        Phase::Implementation,
        Phase::Review,
        Phase::FollowUp,
        Phase::Closed,
    ];

    pub fn from_number(n: i64) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| *p as i64 == n)
    }

    pub fn number(self) -> i64 {
        self as i64
    }
}

/// Why a case is closed.
pub const CLOSURE_REASONS: [&str; 6] = [
    "goals_met",
    "moved_away",
    "withdrew",
    "re_arrested",
    "died",
    "transferred",
];
/// What a signed three-monthly review decides.
pub const REVIEW_DECISIONS: [&str; 4] = ["continue", "intensify", "step_down", "close"];

/// How an intake can end without a programme.
pub const INTAKE_OUTCOMES: [&str; 2] = ["declined", "not_eligible"];

/// A move between phases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// Intake → needs assessment.
    StartAssessment,
    /// Needs assessment → service mapping.
    StartServiceMapping,
    /// Service mapping → multi-agency plan.
    StartPlan,
    /// Any open phase → closed, with a reason and a supervisor's sign-off.
    Close { reason: String },
    /// Intake → closed as declined or not eligible, with a written reason.
    EndIntake { outcome: String, reason: String },
    /// Plan → implementation: agreed, signed and signed off.
    StartImplementation,
    /// Implementation (or follow-up) → the three-monthly review.
    StartReview,
    /// Review → implementation, follow-up or closed, as the signed review
    /// decided (`close` also needs a supervisor and a closure reason).
    FinishReview { decision: String, reason: String },
    /// Follow-up → implementation again.
    ReturnToImplementation,
}

/// The facts a gate looks at, gathered by the api.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFacts {
    pub phase: Option<Phase>,
    pub participation: Vec<ConsentMissing>,
    pub assessment_consent: Vec<ConsentMissing>,
    pub has_case_worker: bool,
    pub safety_screen_done: bool,
    /// Domains of the current assessment without a score or reason, of all.
    pub domains_unscored: (usize, usize),
    pub has_assessment: bool,
    pub assessment_signed_off: bool,
    /// High or urgent domains with no proposed service or action.
    pub domains_without_action: usize,
    /// The acting user is a supervisor of the case (closure sign-off).
    pub actor_signs_off: bool,
    /// The current plan version.
    pub plan: PlanFacts,
    /// The open review is signed.
    pub review_signed: bool,
}

/// What a gate still needs; each has a stable code for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Consent(ConsentMissing),
    CaseWorker,
    SafetyScreen,
    Assessment,
    DomainsUnscored {
        missing: usize,
        total: usize,
    },
    AssessmentSignOff,
    ActionsForDomains {
        count: usize,
    },
    Reason,
    SupervisorSignOff,
    /// No plan has been drafted.
    Plan,
    /// A goal without an action, or no goal at all.
    PlanIncomplete,
    /// The participant (or guardian) has not agreed to this version.
    PlanAgreement,
    /// A child's own view and the guardian's view are not both recorded.
    ChildViews,
    /// The case worker has not signed the plan.
    PlanSignature,
    /// A supervisor has not signed the plan off.
    PlanSignOff,
    /// The review is not signed.
    ReviewSignature,
    /// The transition does not start from this phase.
    WrongPhase,
    /// The case is closed: nothing moves.
    Closed,
}

/// What `transition` lacks from the case described by `facts`; empty
/// means it may happen.
pub fn missing_for(transition: &Transition, facts: &CaseFacts) -> Vec<Missing> {
    let phase = facts.phase.unwrap_or(Phase::Intake);
    if phase == Phase::Closed {
        return vec![Missing::Closed];
    }
    let mut missing = Vec::new();
    let from = |expected: Phase, missing: &mut Vec<Missing>| {
        if phase != expected {
            missing.push(Missing::WrongPhase);
        }
    };
    match transition {
        Transition::StartAssessment => {
            from(Phase::Intake, &mut missing);
            missing.extend(facts.participation.iter().copied().map(Missing::Consent));
            missing.extend(
                facts
                    .assessment_consent
                    .iter()
                    .copied()
                    .map(Missing::Consent),
            );
            if !facts.has_case_worker {
                missing.push(Missing::CaseWorker);
            }
            if !facts.safety_screen_done {
                missing.push(Missing::SafetyScreen);
            }
        }
        Transition::StartServiceMapping => {
            from(Phase::Assessment, &mut missing);
            if !facts.has_assessment {
                missing.push(Missing::Assessment);
            } else {
                let (unscored, total) = facts.domains_unscored;
                if unscored > 0 {
                    missing.push(Missing::DomainsUnscored {
                        missing: unscored,
                        total,
                    });
                }
                if !facts.assessment_signed_off {
                    missing.push(Missing::AssessmentSignOff);
                }
            }
        }
        Transition::StartPlan => {
            from(Phase::ServiceMapping, &mut missing);
            if facts.domains_without_action > 0 {
                missing.push(Missing::ActionsForDomains {
                    count: facts.domains_without_action,
                });
            }
        }
        Transition::Close { reason } => {
            if !CLOSURE_REASONS.contains(&reason.as_str()) {
                missing.push(Missing::Reason);
            }
            if !facts.actor_signs_off {
                missing.push(Missing::SupervisorSignOff);
            }
        }
        Transition::EndIntake { outcome, reason } => {
            from(Phase::Intake, &mut missing);
            if !INTAKE_OUTCOMES.contains(&outcome.as_str()) || reason.trim().is_empty() {
                missing.push(Missing::Reason);
            }
        }
        Transition::StartImplementation => {
            from(Phase::Plan, &mut missing);
            let plan = facts.plan;
            if !plan.has_plan {
                missing.push(Missing::Plan);
            } else {
                if !plan.complete {
                    missing.push(Missing::PlanIncomplete);
                }
                if !plan.agreed {
                    missing.push(Missing::PlanAgreement);
                }
                if plan.child_views_missing {
                    missing.push(Missing::ChildViews);
                }
                if !plan.signed_by_case_worker {
                    missing.push(Missing::PlanSignature);
                }
                if !plan.signed_off {
                    missing.push(Missing::PlanSignOff);
                }
            }
        }
        Transition::StartReview => {
            if !matches!(phase, Phase::Implementation | Phase::FollowUp) {
                missing.push(Missing::WrongPhase);
            }
        }
        Transition::FinishReview { decision, reason } => {
            from(Phase::Review, &mut missing);
            if !REVIEW_DECISIONS.contains(&decision.as_str()) {
                missing.push(Missing::Reason);
            }
            if !facts.review_signed {
                missing.push(Missing::ReviewSignature);
            }
            if decision == "close" {
                if !CLOSURE_REASONS.contains(&reason.as_str()) {
                    missing.push(Missing::Reason);
                }
                if !facts.actor_signs_off {
                    missing.push(Missing::SupervisorSignOff);
                }
            }
        }
        Transition::ReturnToImplementation => from(Phase::FollowUp, &mut missing),
    }
    missing
}

/// The phase a transition leads to.
pub fn target(transition: &Transition) -> Phase {
    match transition {
        Transition::StartAssessment => Phase::Assessment,
        Transition::StartServiceMapping => Phase::ServiceMapping,
        Transition::StartPlan => Phase::Plan,
        Transition::Close { .. } | Transition::EndIntake { .. } => Phase::Closed,
        Transition::StartImplementation | Transition::ReturnToImplementation => {
            Phase::Implementation
        }
        Transition::StartReview => Phase::Review,
        Transition::FinishReview { decision, .. } => match decision.as_str() {
            "step_down" => Phase::FollowUp,
            "close" => Phase::Closed,
            _ => Phase::Implementation,
        },
    }
}

/// The forward transition out of `phase` (the gate a case screen shows),
/// if the machine knows one yet.
pub fn next_gate(phase: Phase) -> Option<Transition> {
    match phase {
        Phase::Intake => Some(Transition::StartAssessment),
        Phase::Assessment => Some(Transition::StartServiceMapping),
        Phase::ServiceMapping => Some(Transition::StartPlan),
        Phase::Plan => Some(Transition::StartImplementation),
        Phase::Implementation | Phase::FollowUp => Some(Transition::StartReview),
        Phase::Review => Some(Transition::FinishReview {
            decision: "continue".into(),
            reason: String::new(),
        }),
        Phase::Closed => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::consent::Purpose;

    fn ready(phase: Phase) -> CaseFacts {
        CaseFacts {
            phase: Some(phase),
            participation: vec![],
            assessment_consent: vec![],
            has_case_worker: true,
            safety_screen_done: true,
            domains_unscored: (0, 24),
            has_assessment: true,
            assessment_signed_off: true,
            domains_without_action: 0,
            actor_signs_off: true,
            plan: PlanFacts {
                has_plan: true,
                complete: true,
                agreed: true,
                child_views_missing: false,
                signed_by_case_worker: true,
                signed_off: true,
            },
            review_signed: true,
        }
    }

    /// Every transition against every missing precondition, one at a time.
    #[test]
    fn gate_table() {
        type Change = fn(&mut CaseFacts);
        let close = Transition::Close {
            reason: "goals_met".into(),
        };
        let decline = Transition::EndIntake {
            outcome: "declined".into(),
            reason: "does not want to take part".into(),
        };
        let cases: Vec<(&str, Transition, Phase, Change, Vec<Missing>)> = vec![
            (
                "intake ready",
                Transition::StartAssessment,
                Phase::Intake,
                |_| {},
                vec![],
            ),
            (
                "no participation consent",
                Transition::StartAssessment,
                Phase::Intake,
                |f| f.participation = vec![ConsentMissing::Consent(Purpose::Participation)],
                vec![Missing::Consent(ConsentMissing::Consent(
                    Purpose::Participation,
                ))],
            ),
            (
                "no assessment consent",
                Transition::StartAssessment,
                Phase::Intake,
                |f| f.assessment_consent = vec![ConsentMissing::Consent(Purpose::Assessment)],
                vec![Missing::Consent(ConsentMissing::Consent(
                    Purpose::Assessment,
                ))],
            ),
            (
                "child lacks guardian",
                Transition::StartAssessment,
                Phase::Intake,
                |f| {
                    f.assessment_consent =
                        vec![ConsentMissing::GuardianConsent(Purpose::Assessment)]
                },
                vec![Missing::Consent(ConsentMissing::GuardianConsent(
                    Purpose::Assessment,
                ))],
            ),
            (
                "no case worker",
                Transition::StartAssessment,
                Phase::Intake,
                |f| f.has_case_worker = false,
                vec![Missing::CaseWorker],
            ),
            (
                "no safety screen",
                Transition::StartAssessment,
                Phase::Intake,
                |f| f.safety_screen_done = false,
                vec![Missing::SafetyScreen],
            ),
            (
                "assessment from the wrong phase",
                Transition::StartAssessment,
                Phase::Assessment,
                |_| {},
                vec![Missing::WrongPhase],
            ),
            (
                "assessment ready",
                Transition::StartServiceMapping,
                Phase::Assessment,
                |_| {},
                vec![],
            ),
            (
                "no assessment yet",
                Transition::StartServiceMapping,
                Phase::Assessment,
                |f| f.has_assessment = false,
                vec![Missing::Assessment],
            ),
            (
                "two domains unscored",
                Transition::StartServiceMapping,
                Phase::Assessment,
                |f| f.domains_unscored = (2, 24),
                vec![Missing::DomainsUnscored {
                    missing: 2,
                    total: 24,
                }],
            ),
            (
                "not signed off",
                Transition::StartServiceMapping,
                Phase::Assessment,
                |f| f.assessment_signed_off = false,
                vec![Missing::AssessmentSignOff],
            ),
            (
                "service mapping from intake",
                Transition::StartServiceMapping,
                Phase::Intake,
                |_| {},
                vec![Missing::WrongPhase],
            ),
            (
                "mapping ready",
                Transition::StartPlan,
                Phase::ServiceMapping,
                |_| {},
                vec![],
            ),
            (
                "urgent domains without action",
                Transition::StartPlan,
                Phase::ServiceMapping,
                |f| f.domains_without_action = 2,
                vec![Missing::ActionsForDomains { count: 2 }],
            ),
            (
                "plan from assessment",
                Transition::StartPlan,
                Phase::Assessment,
                |_| {},
                vec![Missing::WrongPhase],
            ),
            (
                "close with sign-off",
                close.clone(),
                Phase::Implementation,
                |_| {},
                vec![],
            ),
            (
                "close from intake",
                close.clone(),
                Phase::Intake,
                |_| {},
                vec![],
            ),
            (
                "close without sign-off",
                close.clone(),
                Phase::Plan,
                |f| f.actor_signs_off = false,
                vec![Missing::SupervisorSignOff],
            ),
            (
                "close a closed case",
                close.clone(),
                Phase::Closed,
                |_| {},
                vec![Missing::Closed],
            ),
            (
                "decline at intake",
                decline.clone(),
                Phase::Intake,
                |_| {},
                vec![],
            ),
            (
                "decline after intake",
                decline.clone(),
                Phase::Assessment,
                |_| {},
                vec![Missing::WrongPhase],
            ),
            (
                "plan ready",
                Transition::StartImplementation,
                Phase::Plan,
                |_| {},
                vec![],
            ),
            (
                "no plan",
                Transition::StartImplementation,
                Phase::Plan,
                |f| f.plan.has_plan = false,
                vec![Missing::Plan],
            ),
            (
                "a goal without an action",
                Transition::StartImplementation,
                Phase::Plan,
                |f| f.plan.complete = false,
                vec![Missing::PlanIncomplete],
            ),
            (
                "participant has not agreed",
                Transition::StartImplementation,
                Phase::Plan,
                |f| f.plan.agreed = false,
                vec![Missing::PlanAgreement],
            ),
            (
                "a child's views missing",
                Transition::StartImplementation,
                Phase::Plan,
                |f| f.plan.child_views_missing = true,
                vec![Missing::ChildViews],
            ),
            (
                "not signed by the case worker",
                Transition::StartImplementation,
                Phase::Plan,
                |f| f.plan.signed_by_case_worker = false,
                vec![Missing::PlanSignature],
            ),
            (
                "not signed off",
                Transition::StartImplementation,
                Phase::Plan,
                |f| f.plan.signed_off = false,
                vec![Missing::PlanSignOff],
            ),
            (
                "implementation from mapping",
                Transition::StartImplementation,
                Phase::ServiceMapping,
                |_| {},
                vec![Missing::WrongPhase],
            ),
            (
                "review from implementation",
                Transition::StartReview,
                Phase::Implementation,
                |_| {},
                vec![],
            ),
            (
                "review from follow-up",
                Transition::StartReview,
                Phase::FollowUp,
                |_| {},
                vec![],
            ),
            (
                "review from plan",
                Transition::StartReview,
                Phase::Plan,
                |_| {},
                vec![Missing::WrongPhase],
            ),
            (
                "review signed, continue",
                Transition::FinishReview {
                    decision: "continue".into(),
                    reason: String::new(),
                },
                Phase::Review,
                |_| {},
                vec![],
            ),
            (
                "review not signed",
                Transition::FinishReview {
                    decision: "step_down".into(),
                    reason: String::new(),
                },
                Phase::Review,
                |f| f.review_signed = false,
                vec![Missing::ReviewSignature],
            ),
            (
                "review closes without a supervisor",
                Transition::FinishReview {
                    decision: "close".into(),
                    reason: "goals_met".into(),
                },
                Phase::Review,
                |f| f.actor_signs_off = false,
                vec![Missing::SupervisorSignOff],
            ),
            (
                "review closes without a reason",
                Transition::FinishReview {
                    decision: "close".into(),
                    reason: String::new(),
                },
                Phase::Review,
                |_| {},
                vec![Missing::Reason],
            ),
            (
                "finish a review never started",
                Transition::FinishReview {
                    decision: "continue".into(),
                    reason: String::new(),
                },
                Phase::Implementation,
                |_| {},
                vec![Missing::WrongPhase],
            ),
            (
                "back from follow-up",
                Transition::ReturnToImplementation,
                Phase::FollowUp,
                |_| {},
                vec![],
            ),
            (
                "back from implementation",
                Transition::ReturnToImplementation,
                Phase::Implementation,
                |_| {},
                vec![Missing::WrongPhase],
            ),
            (
                "anything on a closed case",
                Transition::StartAssessment,
                Phase::Closed,
                |_| {},
                vec![Missing::Closed],
            ),
        ];
        for (rule, transition, phase, change, expected) in cases {
            let mut facts = ready(phase);
            change(&mut facts);
            assert_eq!(missing_for(&transition, &facts), expected, "{rule}");
        }
    }

    #[test]
    fn reasons_are_required() {
        let facts = ready(Phase::Intake);
        let table: Vec<(Transition, Vec<Missing>)> = vec![
            (
                Transition::Close {
                    reason: "bored".into(),
                },
                vec![Missing::Reason],
            ),
            (
                Transition::Close {
                    reason: String::new(),
                },
                vec![Missing::Reason],
            ),
            (
                Transition::EndIntake {
                    outcome: "declined".into(),
                    reason: "  ".into(),
                },
                vec![Missing::Reason],
            ),
            (
                Transition::EndIntake {
                    outcome: "maybe".into(),
                    reason: "x".into(),
                },
                vec![Missing::Reason],
            ),
            (
                Transition::EndIntake {
                    outcome: "not_eligible".into(),
                    reason: "charge excludes her".into(),
                },
                vec![],
            ),
        ];
        for (transition, expected) in table {
            assert_eq!(missing_for(&transition, &facts), expected, "{transition:?}");
        }
    }

    #[test]
    fn targets_and_next_gates() {
        assert_eq!(target(&Transition::StartAssessment), Phase::Assessment);
        assert_eq!(
            target(&Transition::Close {
                reason: "died".into()
            }),
            Phase::Closed
        );
        assert_eq!(next_gate(Phase::Intake), Some(Transition::StartAssessment));
        assert_eq!(next_gate(Phase::Closed), None);
        assert_eq!(
            next_gate(Phase::Plan),
            Some(Transition::StartImplementation)
        );
        let decided = |decision: &str| {
            target(&Transition::FinishReview {
                decision: decision.into(),
                reason: "goals_met".into(),
            })
        };
        assert_eq!(decided("continue"), Phase::Implementation);
        assert_eq!(decided("intensify"), Phase::Implementation);
        assert_eq!(decided("step_down"), Phase::FollowUp);
        assert_eq!(decided("close"), Phase::Closed);
        for phase in Phase::ALL {
            assert_eq!(Phase::from_number(phase.number()), Some(phase));
        }
    }
}
