//! History read from factdesk's commit trailers: who did what, when.
//!
//! Filtering on trailers needs only each commit's message; only commits
//! without factdesk trailers need a tree diff (see `walk`), which is why
//! this is much faster than `git log -- PATH`, cold as well as warm.

use super::walk::{Scope, Touch};
use super::{locate, GitError, Trailers};
use crate::model::{CaseId, ClaimId, Timestamp};
use chrono::{FixedOffset, TimeZone};
use std::path::Path;

/// One commit of history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Commit id (hex).
    pub commit: String,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author time with its offset.
    pub time: Timestamp,
    /// First line of the message.
    pub subject: String,
    /// The rest of the message, trailers excluded.
    pub body: String,
    /// Parsed factdesk trailers; `None` for commits made outside factdesk.
    pub trailers: Option<Trailers>,
}

/// Which commits to return.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only commits about this case.
    pub case: Option<CaseId>,
    /// Only commits about this claim (needs `case`).
    pub claim: Option<ClaimId>,
    /// Only commits at or after this time.
    pub since: Option<Timestamp>,
    /// Only commits whose author name or email contains this.
    pub author: Option<String>,
    /// At most this many entries.
    pub limit: Option<usize>,
    /// Also commits made outside factdesk (hand edits, merges) that changed
    /// the case or claim file (or, without a case, anything under
    /// `cases/`), as `git log -- PATH` lists them; their `trailers` are
    /// `None`. Off for callers that read verdicts from trailers.
    pub hand_edits: bool,
}

/// Walks history from HEAD, newest first, returning the commits that match
/// `filter`: factdesk commits by their trailers, and with
/// [`Filter::hand_edits`] the other commits by what they changed. A commit
/// with malformed factdesk trailers counts as a hand edit: history is
/// read-only information.
pub fn history(ws_root: &Path, filter: &Filter) -> Result<Vec<Entry>, GitError> {
    let loc = locate(ws_root)?;
    let repo = &loc.repo;
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
        return Ok(Vec::new()); // no commits yet
    };
    // The walk knows what each commit changed (cached across runs), so
    // only matching commits are ever loaded in full.
    let mut candidates = Vec::new();
    let case = filter.case.as_ref().map(|c| c.as_str());
    let claim = filter.claim.as_ref().map(|c| c.as_str());
    let scope = match (case, claim) {
        (Some(c), Some(k)) => Scope::Claim(c, k),
        (Some(c), None) => Scope::Case(c),
        _ => Scope::All,
    };
    let claim_path = match (case, claim) {
        (Some(c), Some(k)) => format!("{}cases/{c}/claims/{k}.yaml", loc.prefix),
        _ => String::new(),
    };
    super::walk::walk(repo, &loc.prefix, head.id(), |oid, m| {
        let hit = match m.touches(&scope, filter.hand_edits) {
            Touch::Yes => true,
            Touch::No => false,
            Touch::IfClaimInTree => super::walk::has_path(repo, oid, &claim_path),
        };
        if hit {
            candidates.push((oid, m.action.is_some()));
        }
        // With only a limit, the newest matches are all that is needed.
        let enough = filter.since.is_none()
            && filter.author.is_none()
            && filter.limit.is_some_and(|l| candidates.len() >= l);
        !enough
    })?;
    let mut out = Vec::new();
    for (oid, factdesk) in candidates {
        let commit = repo.find_commit(oid)?;
        let author = commit.author();
        let secs = author.when().seconds();
        let offset = FixedOffset::east_opt(author.when().offset_minutes() * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("0 is a valid offset"));
        let Some(time) = offset.timestamp_opt(secs, 0).single() else {
            continue;
        };
        if filter.since.is_some_and(|s| time < s) {
            // Not `break`: merged branches can interleave older author times.
            continue;
        }
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        let trailers = if factdesk {
            match Trailers::parse(&message) {
                Ok(Some(t)) => Some(t),
                _ => continue,
            }
        } else {
            None
        };
        let name = String::from_utf8_lossy(author.name_bytes()).into_owned();
        let email = String::from_utf8_lossy(author.email_bytes()).into_owned();
        if let Some(a) = &filter.author {
            if !name.contains(a.as_str()) && !email.contains(a.as_str()) {
                continue;
            }
        }
        let subject = message.lines().next().unwrap_or("").to_string();
        let rest = message
            .split_once("\n\n")
            .map(|(_, rest)| rest)
            .unwrap_or("")
            .trim_end();
        // A factdesk message ends in its trailer block; a hand edit's
        // body is all text.
        let body = if trailers.is_some() {
            rest.rsplit_once("\n\n").map_or("", |(b, _)| b)
        } else {
            rest
        }
        .trim()
        .to_string();
        out.push(Entry {
            commit: oid.to_string(),
            author: name,
            email,
            time,
            subject,
            body,
            trailers,
        });
        if filter.limit.is_some_and(|l| out.len() >= l) {
            break;
        }
    }
    Ok(out)
}

/// The id of HEAD's commit, or `None` before the first commit: callers
/// keep what they derived from history until it moves.
pub fn head_id(ws_root: &Path) -> Result<Option<String>, GitError> {
    let loc = locate(ws_root)?;
    let head = loc.repo.head().and_then(|h| h.peel_to_commit());
    Ok(head.ok().map(|c| c.id().to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::{commit_files, Action};
    use super::*;

    #[test]
    fn filters_by_trailers() {
        let (dir, _repo) = crate::git::test_repo("Ana");
        let case = CaseId::new("a-case").unwrap();
        let mut t = Trailers::new(Action::NewCase);
        t.case = Some(case.clone());
        commit_files(
            dir.path(),
            &[
                ("cases/a-case/case.yaml".into(), b"c".to_vec()),
                ("cases/a-case/claims/c01.yaml".into(), b"1".to_vec()),
                ("cases/a-case/claims/c02.yaml".into(), b"2".to_vec()),
            ],
            &format!("a-case: new case\n\n{}", t.render()),
        )
        .unwrap();
        for (i, claim) in ["c01", "c02", "c01"].iter().enumerate() {
            let mut t = Trailers::new(Action::Set);
            t.case = Some(case.clone());
            t.claim = Some(ClaimId::new(*claim).unwrap());
            t.status = Some("in-progress".into());
            let msg = format!("a-case/{claim}: change {i}\n\nwhy {i}\n\n{}", t.render());
            let path = format!("cases/a-case/claims/{claim}.yaml");
            commit_files(dir.path(), &[(path, vec![i as u8])], &msg).unwrap();
        }
        let hand = ("cases/a-case/claims/c01.yaml".into(), b"x".to_vec());
        commit_files(dir.path(), &[hand], "hand edit").unwrap();
        // A claim added later does not count the case's creation as its own.
        let mut t = Trailers::new(Action::ClaimAdd);
        t.case = Some(case.clone());
        t.claim = Some(ClaimId::new("c09").unwrap());
        commit_files(
            dir.path(),
            &[("cases/a-case/claims/c09.yaml".into(), b"9".to_vec())],
            &format!("add\n\n{}", t.render()),
        )
        .unwrap();
        let all = history(dir.path(), &Filter::default()).unwrap();
        assert_eq!(all.len(), 5);
        let f = Filter {
            case: Some(case.clone()),
            claim: Some(ClaimId::new("c01").unwrap()),
            ..Filter::default()
        };
        let c01 = history(dir.path(), &f).unwrap();
        // Two changes, then the case's creation, which proposed c01.
        assert_eq!(c01.len(), 3);
        assert_eq!(c01[2].subject, "a-case: new case");
        let c09 = Filter {
            case: Some(case),
            claim: Some(ClaimId::new("c09").unwrap()),
            ..Filter::default()
        };
        assert_eq!(history(dir.path(), &c09).unwrap().len(), 1);
        assert_eq!(c01[0].subject, "a-case/c01: change 2");
        assert_eq!(c01[0].body, "why 2");
        assert_eq!(c01[0].author, "Ana");
        let lim = history(
            dir.path(),
            &Filter {
                limit: Some(1),
                ..Filter::default()
            },
        )
        .unwrap();
        assert_eq!(lim.len(), 1);
        let nobody = history(
            dir.path(),
            &Filter {
                author: Some("Bob".into()),
                ..Filter::default()
            },
        )
        .unwrap();
        assert!(nobody.is_empty());
        // With hand edits, the plain commit is in c01's log, newest.
        let with_hand = Filter {
            hand_edits: true,
            ..f.clone()
        };
        let c01h = history(dir.path(), &with_hand).unwrap();
        assert_eq!(c01h.len(), 4);
        assert_eq!(c01h[0].subject, "hand edit");
        assert!(c01h[0].trailers.is_none());
        assert_eq!(history(dir.path(), &with_hand).unwrap(), c01h, "warm");
    }
}
