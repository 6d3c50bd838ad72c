//! Who makes a commit, by git's own rules: `GIT_AUTHOR_*` and
//! `GIT_COMMITTER_*` first, then `author.*`/`committer.*`, then `user.*`
//! config, then `EMAIL`. libgit2's `Repository::signature` reads only
//! `user.*`, so a reviewer identified the way git allows would otherwise be
//! taken for somebody else.

use super::GitError;
use chrono::{DateTime, FixedOffset};
use git2::{Config, Signature, Time};

/// Which side of a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// `GIT_AUTHOR_*`, `author.*`.
    Author,
    /// `GIT_COMMITTER_*`, `committer.*`.
    Committer,
}

impl Role {
    fn env(self) -> &'static str {
        match self {
            Role::Author => "GIT_AUTHOR",
            Role::Committer => "GIT_COMMITTER",
        }
    }

    fn config(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Committer => "committer",
        }
    }
}

fn env_nonempty(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.trim().is_empty())
}

fn config_nonempty(cfg: &Config, key: &str) -> Option<String> {
    cfg.get_string(key).ok().filter(|v| !v.trim().is_empty())
}

/// The signature git would use for `role`, at the time git would use
/// (`GIT_*_DATE` when set, else now).
pub(crate) fn signature(cfg: &Config, role: Role) -> Result<Signature<'static>, GitError> {
    let (env, key) = (role.env(), role.config());
    let name = env_nonempty(&format!("{env}_NAME"))
        .or_else(|| config_nonempty(cfg, &format!("{key}.name")))
        .or_else(|| config_nonempty(cfg, "user.name"))
        .ok_or(GitError::NoIdentity)?;
    let email = env_nonempty(&format!("{env}_EMAIL"))
        .or_else(|| config_nonempty(cfg, &format!("{key}.email")))
        .or_else(|| config_nonempty(cfg, "user.email"))
        .or_else(|| env_nonempty("EMAIL"))
        .ok_or(GitError::NoIdentity)?;
    let date = match env_nonempty(&format!("{env}_DATE")) {
        None => None,
        Some(d) => Some(parse_date(&d).ok_or_else(|| {
            GitError::Other(format!(
                "{env}_DATE `{d}` is not a date git or factdesk understands; use RFC 3339 (2024-05-01T10:00:00+07:00), RFC 2822, or `@SECONDS +ZZZZ`"
            ))
        })?),
    };
    let sig = match date {
        Some(t) => Signature::new(&name, &email, &t),
        None => Signature::now(&name, &email),
    }
    .map_err(|_| GitError::NoIdentity)?;
    Ok(sig.to_owned())
}

/// The dates git accepts most often: its internal `@SECONDS ±ZZZZ` (also
/// without `@`), RFC 3339/ISO 8601 and RFC 2822.
fn parse_date(s: &str) -> Option<Time> {
    let s = s.trim();
    let raw = s.strip_prefix('@').unwrap_or(s);
    let mut parts = raw.split_whitespace();
    if let (Some(secs), rest) = (parts.next(), parts.next()) {
        if let Ok(secs) = secs.parse::<i64>() {
            let offset = match rest {
                None => 0,
                Some(z) => tz_minutes(z)?,
            };
            return Some(Time::new(secs, offset));
        }
    }
    let t: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_rfc2822(s))
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z"))
        .ok()?;
    Some(Time::new(t.timestamp(), t.offset().local_minus_utc() / 60))
}

/// `+0700` → 420.
fn tz_minutes(z: &str) -> Option<i32> {
    let (sign, digits) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = digits.parse().ok()?;
    Some(sign * ((n / 100) * 60 + n % 100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_git_accepts() {
        let t = parse_date("@1700000000 +0700").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_700_000_000, 420));
        let t = parse_date("1700000000 -0130").unwrap();
        assert_eq!(t.offset_minutes(), -90);
        let t = parse_date("2023-11-05T11:01:00+07:00").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_699_156_860, 420));
        let t = parse_date("Sun, 05 Nov 2023 04:01:00 +0000").unwrap();
        assert_eq!(t.seconds(), 1_699_156_860);
        assert!(parse_date("yesterday-ish").is_none());
        assert!(parse_date("@12 +07").is_none());
    }

    #[test]
    fn config_order_without_environment() {
        // The environment of the test process may carry GIT_AUTHOR_*; this
        // test only reads keys no environment variable shadows.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(
            &path,
            "[user]\n\tname = User\n\temail = user@example.org\n[committer]\n\tname = Committer\n",
        )
        .unwrap();
        let mut cfg = Config::new().unwrap();
        cfg.add_file(&path, git2::ConfigLevel::Local, false)
            .unwrap();
        if std::env::var_os("GIT_COMMITTER_NAME").is_none() {
            let c = signature(&cfg, Role::Committer).unwrap();
            assert_eq!(c.name().ok(), Some("Committer"));
        }
        if std::env::var_os("GIT_AUTHOR_EMAIL").is_none() {
            let a = signature(&cfg, Role::Author).unwrap();
            assert_eq!(a.email().ok(), Some("user@example.org"));
        }
    }
}
