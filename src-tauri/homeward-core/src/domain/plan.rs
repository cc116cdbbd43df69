//! The multi-agency plan as pure rules: the participant's agreement codes,
//! action statuses, what the gate into implementation needs of a plan
//! version, and the comparison of two versions (goals and actions added,
//! changed and dropped), matched by a key each item keeps across versions.

/// The participant's answer to a plan version.
pub const AGREEMENTS: [&str; 3] = ["agreed", "does_not_agree", "could_not_answer"];

pub const ACTION_STATUSES: [&str; 5] = ["planned", "in_progress", "done", "blocked", "dropped"];

/// What a plan version has, as the gate into implementation sees it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanFacts {
    pub has_plan: bool,
    /// At least one goal, each with at least one action.
    pub complete: bool,
    /// The participant (or, for a child, the guardian) agreed.
    pub agreed: bool,
    /// For a child: the child's own view and the guardian's view recorded.
    pub child_views_missing: bool,
    pub signed_by_case_worker: bool,
    pub signed_off: bool,
}

/// One goal or action of a version, reduced to what a comparison needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Stable across versions: the item's first id.
    pub key: String,
    pub kind: ItemKind,
    /// Every compared field, in a fixed order.
    pub content: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Goal,
    Action,
}

/// How two versions differ, by item key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub dropped: Vec<String>,
}

/// Items of `new` not in `old` are added, of `old` not in `new` dropped,
/// and in both with other content changed. Keys keep `new`'s order (and
/// `old`'s for dropped ones).
pub fn compare(old: &[Item], new: &[Item]) -> Diff {
    let mut diff = Diff::default();
    for item in new {
        match old
            .iter()
            .find(|o| o.key == item.key && o.kind == item.kind)
        {
            None => diff.added.push(item.key.clone()),
            Some(before) if before.content != item.content => diff.changed.push(item.key.clone()),
            Some(_) => {}
        }
    }
    for item in old {
        if !new.iter().any(|n| n.key == item.key && n.kind == item.kind) {
            diff.dropped.push(item.key.clone());
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(key: &str, text: &str) -> Item {
        Item {
            key: key.into(),
            kind: ItemKind::Goal,
            content: vec![text.into()],
        }
    }

    fn action(key: &str, text: &str, status: &str) -> Item {
        Item {
            key: key.into(),
            kind: ItemKind::Action,
            content: vec![text.into(), status.into()],
        }
    }

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn compare_table() {
        let base = vec![
            goal("g1", "steady work"),
            action("a1", "job desk", "planned"),
            goal("g2", "back to school"),
            action("a2", "bridging class", "in_progress"),
        ];
        type Case = (
            &'static str,
            Vec<Item>,
            Vec<&'static str>,
            Vec<&'static str>,
            Vec<&'static str>,
        );
        let cases: Vec<Case> = vec![
            ("same", base.clone(), vec![], vec![], vec![]),
            (
                "an action's status moved",
                vec![
                    goal("g1", "steady work"),
                    action("a1", "job desk", "done"),
                    goal("g2", "back to school"),
                    action("a2", "bridging class", "in_progress"),
                ],
                vec![],
                vec!["a1"],
                vec![],
            ),
            (
                "a goal added with its action",
                {
                    let mut v = base.clone();
                    v.push(goal("g3", "family talks"));
                    v.push(action("a3", "mediation", "planned"));
                    v
                },
                vec!["g3", "a3"],
                vec![],
                vec![],
            ),
            (
                "a goal and its action dropped",
                vec![
                    goal("g1", "steady work"),
                    action("a1", "job desk", "planned"),
                ],
                vec![],
                vec![],
                vec!["g2", "a2"],
            ),
            (
                "reworded, added and dropped at once",
                vec![
                    goal("g1", "steady, paid work"),
                    action("a1", "job desk", "planned"),
                    action("a4", "apprenticeship", "planned"),
                ],
                vec!["a4"],
                vec!["g1"],
                vec!["g2", "a2"],
            ),
            (
                "everything dropped",
                vec![],
                vec![],
                vec![],
                vec!["g1", "a1", "g2", "a2"],
            ),
        ];
        for (name, new, added, changed, dropped) in cases {
            assert_eq!(
                compare(&base, &new),
                Diff {
                    added: keys(&added),
                    changed: keys(&changed),
                    dropped: keys(&dropped),
                },
                "{name}"
            );
        }
        // A goal and an action that happen to share a key are different items.
        let clash = [goal("x", "a"), action("x", "a", "planned")];
        assert_eq!(
            compare(&clash[..1], &clash[1..]),
            Diff {
                added: keys(&["x"]),
                changed: vec![],
                dropped: keys(&["x"]),
            }
        );
        assert_eq!(compare(&[], &base).added.len(), 4);
    }
}
