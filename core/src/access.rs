//! Who may use a workgroup or domain: the users its administrator invited and
//! the access limits (seed 000: "Limit user access to specified email
//! addresses … to specified domains").

use crate::registration::email_key;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The access limits and the users invited under them, kept by e-mail
/// domain: new limits visit the domains held, not every user, and leave at
/// most one domain per entry they list. Limits set again and again cost what
/// their lists cost, however many users there are.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// Allowed e-mails and e-mail domains (keys); empty allows everyone.
    allow: BTreeSet<String>,
    /// Invited users (e-mail keys) by domain; no domain is kept empty.
    users: BTreeMap<Box<str>, BTreeSet<Arc<str>>>,
}

/// The domain of an e-mail key (empty without an `@`).
fn domain(key: &str) -> &str {
    key.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()
}

impl Access {
    /// Whether `email` passes the limits.
    pub fn allows(&self, email: &str) -> bool {
        let key = email_key(email);
        self.allow.is_empty() || self.allow.contains(&key) || self.allow.contains(domain(&key))
    }

    /// Whether the user with e-mail key `key` was invited and still has access.
    pub fn is_user(&self, key: &str) -> bool {
        self.users.get(domain(key)).is_some_and(|users| users.contains(key))
    }

    /// Adds an invited user by e-mail key.
    pub fn invite(&mut self, key: Arc<str>) {
        self.users.entry(domain(&key).into()).or_default().insert(key);
    }

    /// Removes a user by e-mail key.
    pub fn remove(&mut self, key: &str) {
        let d = domain(key);
        if let Some(users) = self.users.get_mut(d) {
            users.remove(key);
            if users.is_empty() {
                self.users.remove(d);
            }
        }
    }

    /// Sets new limits (e-mail and domain keys): users outside them lose access.
    pub fn restrict(&mut self, allow: BTreeSet<String>) {
        self.allow = allow;
        if self.allow.is_empty() {
            return;
        }
        // A domain left out keeps only the users listed by e-mail.
        let allow = &self.allow;
        let mut outside = Vec::new();
        for (_, users) in self.users.iter().filter(|(d, _)| !allow.contains(&***d)) {
            outside.extend(users.iter().filter(|u| !allow.contains(&***u)).cloned());
        }
        for u in outside {
            self.remove(&u);
        }
    }

    /// The users, by e-mail.
    pub fn users(&self) -> Vec<Arc<str>> {
        crate::ordered::<BTreeSet<Arc<str>>, _>(self.users.values().flatten().cloned()).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// E-mails and limit entries drawn from a few users of a few domains.
    const EMAILS: [&str; 6] = ["ann@lab.org", "bob@lab.org", "cy@uni.edu", "DI@Uni.edu", "ed@corp.com", "fay@corp.com"];
    const ENTRIES: [&str; 6] = ["lab.org", "uni.edu", "corp.com", "ann@lab.org", "Cy@uni.edu", "fay@corp.com"];

    #[derive(Debug, Clone)]
    enum Op {
        Invite(usize),
        Remove(usize),
        Restrict(Vec<usize>),
    }

    proptest! {
        /// Access keeps the users a plain set keeps when every user is checked
        /// against each new limit.
        #[test]
        fn keeps_who_a_check_of_every_user_keeps(ops in proptest::collection::vec(
            prop_oneof![
                (0..EMAILS.len()).prop_map(Op::Invite),
                (0..EMAILS.len()).prop_map(Op::Remove),
                proptest::collection::vec(0..ENTRIES.len(), 0..4).prop_map(Op::Restrict),
            ],
            0..24,
        )) {
            let mut access = Access::default();
            let (mut users, mut allow) = (BTreeSet::<String>::new(), BTreeSet::<String>::new());
            let allowed = |allow: &BTreeSet<String>, e: &str| allow.is_empty() || allow.contains(e) || allow.contains(domain(e));
            for op in ops {
                match op {
                    Op::Invite(k) => {
                        access.invite(Arc::from(email_key(EMAILS[k]).as_str()));
                        users.insert(email_key(EMAILS[k]));
                    }
                    Op::Remove(k) => {
                        access.remove(&email_key(EMAILS[k]));
                        users.remove(&email_key(EMAILS[k]));
                    }
                    Op::Restrict(list) => {
                        allow = list.iter().map(|&k| email_key(ENTRIES[k])).collect();
                        access.restrict(allow.clone());
                        users.retain(|u| allowed(&allow, u));
                    }
                }
                prop_assert_eq!(access.users().iter().map(|u| u.to_string()).collect::<Vec<_>>(), users.iter().cloned().collect::<Vec<_>>());
                for e in EMAILS {
                    prop_assert_eq!(access.allows(e), allowed(&allow, &email_key(e)));
                    prop_assert_eq!(access.is_user(&email_key(e)), users.contains(&email_key(e)));
                }
            }
        }
    }

    fn keys(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| email_key(s)).collect()
    }

    #[test]
    fn limits_keep_the_listed_domains_and_e_mails() {
        let mut access = Access::default();
        for u in ["ann@lab.org", "bob@lab.org", "cy@uni.edu", "di@corp.com"] {
            access.invite(Arc::from(u));
        }
        assert!(access.allows("Anyone@Else.net"));
        access.restrict(keys(&["lab.org", "Cy@Uni.edu"]));
        assert_eq!(access.users().iter().map(|u| &**u).collect::<Vec<_>>(), ["ann@lab.org", "bob@lab.org", "cy@uni.edu"]);
        assert!(access.allows("Eve@LAB.org") && access.allows("cy@uni.edu"));
        assert!(!access.allows("ed@uni.edu") && !access.allows("di@corp.com"));
        assert!(access.is_user("cy@uni.edu") && !access.is_user("di@corp.com"));
        // Limits that no longer list a domain remove its users.
        access.restrict(keys(&["uni.edu"]));
        assert_eq!(access.users().iter().map(|u| &**u).collect::<Vec<_>>(), ["cy@uni.edu"]);
        // No limits allow everyone and remove no one.
        access.restrict(BTreeSet::new());
        assert!(access.allows("di@corp.com") && access.is_user("cy@uni.edu"));
        access.remove("cy@uni.edu");
        assert!(access.users().is_empty());
    }
}
