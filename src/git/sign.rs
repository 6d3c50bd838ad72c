//! Commit signing as git does it (`commit.gpgsign`, `gpg.format`,
//! `user.signingkey`), so a factdesk commit in a repository that requires
//! signed commits is signed with the same program, key and format that
//! `git commit` would use.
//!
//! Modelled on gitui's `asyncgit/src/sync/sign.rs` and on git's own
//! `gpg-interface.c`: openpgp and x509 pipe the commit through
//! `<program> --status-fd=2 -bsau <key>`; ssh writes it to a temporary file
//! and runs `ssh-keygen -Y sign -n git -f <key> [-U] <file>`.

use super::hooks::spawn;
use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Why signing failed, phrased for the user with what to do next.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The signing program is not installed (or not executable).
    #[error("commit signing is on (commit.gpgsign), but the signing program `{program}` could not be started ({reason}); install it, set {config_key} to its path, or turn signing off with `git config commit.gpgsign false`")]
    NotStarted {
        /// The program as configured.
        program: String,
        /// The git config key that names the program.
        config_key: &'static str,
        /// The operating system's reason.
        reason: String,
    },
    /// The signing program ran but did not produce a signature.
    #[error("`{program}` could not sign the commit: {detail}; fix the signing setup (`git commit -S` fails the same way) or turn signing off with `git config commit.gpgsign false`")]
    Failed {
        /// The program as configured.
        program: String,
        /// What it said (its stderr, trimmed to a few lines) or what was wrong.
        detail: String,
    },
    /// `gpg.format = ssh` needs an explicit key.
    #[error("commit signing is on with gpg.format=ssh, but no signing key is configured; set user.signingkey to your public key file (`git config user.signingkey ~/.ssh/id_ed25519.pub`)")]
    NoSshKey,
    /// `gpg.format` names something git does not know.
    #[error("gpg.format is `{0}`, which git does not support; set it to openpgp, x509 or ssh (`git config gpg.format ssh`)")]
    UnsupportedFormat(String),
    /// A signing-related config value cannot be read.
    #[error("git config {key} cannot be read ({reason}); fix it with `git config --edit`")]
    Config {
        /// The config key.
        key: &'static str,
        /// libgit2's reason.
        reason: String,
    },
    /// The temporary files ssh signing needs could not be written.
    #[error("could not write a temporary file for signing in {}: {reason}; check that the directory exists and is writable (or set TMPDIR)", .dir.display())]
    TempFile {
        /// The temporary directory.
        dir: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
}

/// How this repository's commits must be signed. Fields hold the config
/// values as written; `~/` in programs and key paths is expanded when signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Signer {
    /// `gpg.format = openpgp` (the default): `gpg`.
    OpenPgp {
        /// `gpg.program` / `gpg.openpgp.program`, default `gpg`.
        program: String,
        /// `user.signingkey`, else the committer ident; `None` only when both
        /// are empty, and then gpg picks its default key.
        key: Option<String>,
    },
    /// `gpg.format = x509`: `gpgsm`.
    X509 {
        /// `gpg.x509.program`, default `gpgsm`.
        program: String,
        /// As for [`Signer::OpenPgp`].
        key: Option<String>,
    },
    /// `gpg.format = ssh`: `ssh-keygen -Y sign`.
    Ssh {
        /// `gpg.ssh.program`, default `ssh-keygen`.
        program: String,
        /// `user.signingkey`: a key file path, or a literal public key
        /// (`ssh-…` or `key::…`) whose private half is in ssh-agent.
        key: String,
    },
}

/// From git config: `None` unless `commit.gpgsign` is true. gpg.format:
/// openpgp (default) | x509 | ssh.
/// Programs: gpg.program (or gpg.openpgp.program) default "gpg";
/// gpg.x509.program default "gpgsm"; gpg.ssh.program default "ssh-keygen".
/// Key: user.signingkey. For openpgp/x509 when unset, git uses the committer
/// ident "Name <email>", which the caller passes as `default_key`.
pub(crate) fn signer(cfg: &git2::Config, default_key: &str) -> Result<Option<Signer>, SignError> {
    let gpgsign = match cfg.get_bool("commit.gpgsign") {
        Ok(on) => on,
        Err(e) if e.code() == git2::ErrorCode::NotFound => false,
        Err(e) => return Err(config_error("commit.gpgsign", &e)),
    };
    if !gpgsign {
        return Ok(None);
    }
    let format = get_string(cfg, "gpg.format")?.unwrap_or_else(|| "openpgp".into());
    let key = get_string(cfg, "user.signingkey")?.filter(|k| !k.is_empty());
    let gpg_key = || {
        key.clone()
            .or_else(|| Some(default_key.to_string()).filter(|k| !k.is_empty()))
    };
    // git matches the format name exactly (case-sensitively).
    let signer = match format.as_str() {
        "openpgp" => Signer::OpenPgp {
            program: openpgp_program(cfg)?.unwrap_or_else(|| "gpg".into()),
            key: gpg_key(),
        },
        "x509" => Signer::X509 {
            program: get_string(cfg, "gpg.x509.program")?.unwrap_or_else(|| "gpgsm".into()),
            key: gpg_key(),
        },
        "ssh" => Signer::Ssh {
            program: get_string(cfg, "gpg.ssh.program")?.unwrap_or_else(|| "ssh-keygen".into()),
            key: key.ok_or(SignError::NoSshKey)?,
        },
        _ => return Err(SignError::UnsupportedFormat(format)),
    };
    Ok(Some(signer))
}

impl Signer {
    /// Signs the commit buffer (from `Repository::commit_create_buffer`) and
    /// returns the armored signature to pass to
    /// `Repository::commit_signed(buffer, sig, Some("gpgsig"))`.
    pub(crate) fn sign(&self, payload: &str) -> Result<String, SignError> {
        match self {
            Signer::OpenPgp { program, key } => {
                sign_gpg(program, "gpg.program", key.as_deref(), payload)
            }
            Signer::X509 { program, key } => {
                sign_gpg(program, "gpg.x509.program", key.as_deref(), payload)
            }
            Signer::Ssh { program, key } => sign_ssh(program, key, payload),
        }
    }
}

/// The openpgp program. git treats `gpg.program` and `gpg.openpgp.program`
/// as one setting where the last one read wins (files in order system,
/// global, local, worktree, then file order); libgit2 iterates entries in
/// that same order, so the last entry seen is git's choice.
fn openpgp_program(cfg: &git2::Config) -> Result<Option<String>, SignError> {
    let key = "gpg.program";
    let mut entries = cfg
        .entries(Some(r"^gpg\.(openpgp\.)?program$"))
        .map_err(|e| config_error(key, &e))?;
    let mut last = None;
    while let Some(entry) = entries.next() {
        let entry = entry.map_err(|e| config_error(key, &e))?;
        let value = entry.value().map_err(|e| config_error(key, &e))?;
        last = Some(value.to_string());
    }
    Ok(last)
}

/// A string config value, `None` if unset.
fn get_string(cfg: &git2::Config, key: &'static str) -> Result<Option<String>, SignError> {
    match cfg.get_string(key) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(config_error(key, &e)),
    }
}

fn config_error(key: &'static str, e: &git2::Error) -> SignError {
    SignError::Config {
        key,
        reason: e.message().to_string(),
    }
}

/// openpgp and x509, as git's `sign_buffer_gpg`: payload on stdin, detached
/// armored signature on stdout, and success only with exit 0 and a
/// `SIG_CREATED` status line on stderr.
fn sign_gpg(
    program: &str,
    config_key: &'static str,
    key: Option<&str>,
    payload: &str,
) -> Result<String, SignError> {
    let mut cmd = Command::new(expand_home(program, std::env::var_os("HOME")));
    cmd.arg("--status-fd=2");
    match key {
        Some(key) => cmd.arg("-bsau").arg(key),
        None => cmd.arg("-bsa"),
    };
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let (output, wrote) = run_with_input(&mut cmd, payload.as_bytes())
        .map_err(|e| not_started(program, config_key, &e))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed = |detail: String| SignError::Failed {
        program: program.to_string(),
        detail,
    };
    if !output.status.success() {
        return Err(failed(describe(&output.status, &stderr)));
    }
    if !stderr.contains("[GNUPG:] SIG_CREATED ") {
        return Err(failed(format!(
            "it did not report a signature (no SIG_CREATED status){}",
            said(&stderr)
        )));
    }
    if let Err(e) = wrote {
        return Err(failed(format!("the commit could not be passed to it: {e}")));
    }
    signature_text(output.stdout).map_err(failed)
}

/// ssh, as git's `sign_buffer_ssh`: the key is a file, or a literal public
/// key written to a temporary file and used from ssh-agent (`-U`); the
/// payload goes to a temporary file and the signature comes back in
/// `<file>.sig`. All three files are removed however signing ends.
fn sign_ssh(program: &str, key: &str, payload: &str) -> Result<String, SignError> {
    let failed = |detail: String| SignError::Failed {
        program: program.to_string(),
        detail,
    };
    let home = std::env::var_os("HOME");
    let (_key_file, key_path, literal) = match literal_ssh_key(key) {
        Some(literal) => {
            let mut text = literal.to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            let file = TempFile::create("key", text.as_bytes()).map_err(temp_error)?;
            let path = file.path.clone();
            (Some(file), path, true)
        }
        None => (None, expand_home(key, home.clone()), false),
    };
    let buffer = TempFile::create("payload", payload.as_bytes()).map_err(temp_error)?;
    let mut sig_path = buffer.path.clone().into_os_string();
    sig_path.push(".sig");
    let sig = TempFile {
        path: sig_path.into(),
    };

    let mut cmd = Command::new(expand_home(program, home));
    cmd.args(["-Y", "sign", "-n", "git", "-f"]).arg(&key_path);
    if literal {
        cmd.arg("-U");
    }
    cmd.arg(&buffer.path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let output = spawn(&mut cmd)
        .and_then(|child| child.wait_with_output())
        .map_err(|e| not_started(program, "gpg.ssh.program", &e))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("usage:") {
            return Err(failed(
                "`ssh-keygen -Y sign` is needed for ssh signing (OpenSSH 8.2p1 or later)".into(),
            ));
        }
        return Err(failed(describe(&output.status, &stderr)));
    }
    let bytes = fs::read(&sig.path).map_err(|e| {
        failed(format!(
            "it wrote no signature file {} ({e})",
            sig.path.display()
        ))
    })?;
    signature_text(bytes).map_err(failed)
}

/// git's `is_literal_ssh_key`: `key::<key>`, or (deprecated) a value that
/// starts with `ssh-`.
fn literal_ssh_key(key: &str) -> Option<&str> {
    if let Some(rest) = key.strip_prefix("key::") {
        return Some(rest);
    }
    key.starts_with("ssh-").then_some(key)
}

/// Expands a leading `~/` (or a lone `~`) with `home`, as git does for
/// path-valued config; anything else is returned unchanged.
fn expand_home(value: &str, home: Option<OsString>) -> PathBuf {
    match (value, home) {
        ("~", Some(home)) => PathBuf::from(home),
        (v, Some(home)) if v.starts_with("~/") => Path::new(&home).join(&v[2..]),
        (v, _) => PathBuf::from(v),
    }
}

/// The signature as text with carriage returns removed, as git does.
fn signature_text(bytes: Vec<u8>) -> Result<String, String> {
    let text = String::from_utf8(bytes)
        .map_err(|_| "its signature is not text (expected an armored signature)".to_string())?;
    if text.trim().is_empty() {
        return Err("it returned an empty signature".into());
    }
    Ok(text.replace('\r', ""))
}

/// What a failed program said: its stderr without gpg status lines, trimmed
/// to a few lines, or its exit status if it said nothing.
fn describe(status: &ExitStatus, stderr: &str) -> String {
    let lines = said_lines(stderr);
    if lines.is_empty() {
        format!("it failed ({status}) without saying why")
    } else {
        lines.join("; ")
    }
}

/// `: <what it said>` or nothing.
fn said(stderr: &str) -> String {
    let lines = said_lines(stderr);
    if lines.is_empty() {
        String::new()
    } else {
        format!(": {}", lines.join("; "))
    }
}

fn said_lines(stderr: &str) -> Vec<&str> {
    const MAX_LINES: usize = 4;
    stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("[GNUPG:]"))
        .take(MAX_LINES)
        .collect()
}

fn not_started(program: &str, config_key: &'static str, e: &io::Error) -> SignError {
    SignError::NotStarted {
        program: program.to_string(),
        config_key,
        reason: e.to_string(),
    }
}

fn temp_error(e: io::Error) -> SignError {
    SignError::TempFile {
        dir: std::env::temp_dir(),
        reason: e.to_string(),
    }
}

/// Runs `cmd` with `input` on its stdin, written from a second thread so a
/// program that talks before it has read everything cannot deadlock us.
/// Returns the output and whether writing the input succeeded; `Err` only if
/// the program could not be started or waited for.
fn run_with_input(cmd: &mut Command, input: &[u8]) -> io::Result<(Output, io::Result<()>)> {
    let mut child = spawn(cmd)?;
    let stdin = child.stdin.take();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> io::Result<()> {
            if let Some(mut stdin) = stdin {
                stdin.write_all(input)?;
            }
            Ok(())
        });
        let output = child.wait_with_output()?;
        let wrote = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")));
        Ok((output, wrote))
    })
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A file under the system temp directory, removed when dropped.
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// Creates a new file with a name no other process or call uses
    /// (pid, counter, nanoseconds, `create_new`), readable only by us.
    fn create(stem: &str, contents: &[u8]) -> io::Result<TempFile> {
        let dir = std::env::temp_dir();
        for _ in 0..16 {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let path = dir.join(format!(
                ".factdesk-sign-{stem}-{}-{n}-{nanos}",
                std::process::id()
            ));
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            match options.open(&path) {
                Ok(mut file) => {
                    // The guard exists before writing, so a failed write
                    // still removes the file.
                    let guard = TempFile { path };
                    file.write_all(contents)?;
                    file.flush()?;
                    return Ok(guard);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free temporary file name",
        ))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{ConfigLevel, Repository, Signature};

    /// A config made of one file per `(level, text)`.
    fn config(files: &[(ConfigLevel, &str)]) -> (tempfile::TempDir, git2::Config) {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = git2::Config::new().unwrap();
        for (i, (level, text)) in files.iter().enumerate() {
            let path = dir.path().join(format!("config{i}"));
            fs::write(&path, text).unwrap();
            cfg.add_file(&path, *level, false).unwrap();
        }
        (dir, cfg)
    }

    fn local(text: &str) -> (tempfile::TempDir, git2::Config) {
        config(&[(ConfigLevel::Local, text)])
    }

    const ME: &str = "A U Thor <author@example.org>";

    fn has(program: &str) -> bool {
        Command::new(program)
            .arg("-h")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    }

    #[test]
    fn no_signer_without_gpgsign() {
        let (_d, cfg) = local("");
        assert_eq!(signer(&cfg, ME).unwrap(), None);
        let (_d, cfg) = local("[commit]\n\tgpgsign = false\n[gpg]\n\tformat = ssh\n");
        assert_eq!(signer(&cfg, ME).unwrap(), None);
        // Not even a bad gpg.format matters when signing is off.
        let (_d, cfg) = local("[gpg]\n\tformat = nonsense\n");
        assert_eq!(signer(&cfg, ME).unwrap(), None);
    }

    #[test]
    fn openpgp_defaults_to_gpg_and_the_committer() {
        let (_d, cfg) = local("[commit]\n\tgpgsign = true\n");
        assert_eq!(
            signer(&cfg, ME).unwrap(),
            Some(Signer::OpenPgp {
                program: "gpg".into(),
                key: Some(ME.into())
            })
        );
        assert_eq!(
            signer(&cfg, "").unwrap(),
            Some(Signer::OpenPgp {
                program: "gpg".into(),
                key: None
            })
        );
        let (_d, cfg) = local(
            "[commit]\n\tgpgsign = yes\n[gpg]\n\tformat = openpgp\n[user]\n\tsigningKey = 0xF00D\n",
        );
        assert_eq!(
            signer(&cfg, ME).unwrap(),
            Some(Signer::OpenPgp {
                program: "gpg".into(),
                key: Some("0xF00D".into())
            })
        );
    }

    fn program_of(s: Option<Signer>) -> String {
        match s.unwrap() {
            Signer::OpenPgp { program, .. }
            | Signer::X509 { program, .. }
            | Signer::Ssh { program, .. } => program,
        }
    }

    #[test]
    fn openpgp_program_last_one_read_wins_as_in_git() {
        let on = "[commit]\n\tgpgsign = true\n";
        let (_d, cfg) = local(&format!("{on}[gpg]\n\tprogram = /opt/gpg2\n"));
        assert_eq!(program_of(signer(&cfg, ME).unwrap()), "/opt/gpg2");
        let (_d, cfg) = local(&format!(
            "{on}[gpg]\n\tprogram = /opt/gpg2\n[gpg \"openpgp\"]\n\tprogram = /opt/specific\n"
        ));
        assert_eq!(program_of(signer(&cfg, ME).unwrap()), "/opt/specific");
        let (_d, cfg) = local(&format!(
            "{on}[gpg \"openpgp\"]\n\tprogram = /opt/specific\n[gpg]\n\tprogram = /opt/gpg2\n"
        ));
        assert_eq!(program_of(signer(&cfg, ME).unwrap()), "/opt/gpg2");
        // A later (more local) file wins over an earlier one.
        let (_d, cfg) = config(&[
            (
                ConfigLevel::Global,
                "[gpg \"openpgp\"]\n\tprogram = /global/gpg\n",
            ),
            (
                ConfigLevel::Local,
                &format!("{on}[gpg]\n\tprogram = /local/gpg\n"),
            ),
        ]);
        assert_eq!(program_of(signer(&cfg, ME).unwrap()), "/local/gpg");
        let (_d, cfg) = config(&[
            (ConfigLevel::Global, "[gpg]\n\tprogram = /global/gpg\n"),
            (
                ConfigLevel::Local,
                &format!("{on}[gpg \"openpgp\"]\n\tprogram = /local/gpg\n"),
            ),
        ]);
        assert_eq!(program_of(signer(&cfg, ME).unwrap()), "/local/gpg");
        let (_d, cfg) = config(&[
            (ConfigLevel::Local, "[gpg]\n\tprogram = /local/gpg\n"),
            (
                ConfigLevel::Global,
                &format!("{on}[gpg \"openpgp\"]\n\tprogram = /global/gpg\n"),
            ),
        ]);
        assert_eq!(program_of(signer(&cfg, ME).unwrap()), "/local/gpg");
    }

    #[test]
    fn x509_uses_gpgsm_and_its_own_program() {
        let on = "[commit]\n\tgpgsign = true\n[gpg]\n\tformat = x509\n\tprogram = /not/for/x509\n";
        let (_d, cfg) = local(on);
        assert_eq!(
            signer(&cfg, ME).unwrap(),
            Some(Signer::X509 {
                program: "gpgsm".into(),
                key: Some(ME.into())
            })
        );
        let (_d, cfg) = local(&format!(
            "{on}[gpg \"x509\"]\n\tprogram = /opt/gpgsm\n[user]\n\tsigningkey = 0xCAFE\n"
        ));
        assert_eq!(
            signer(&cfg, ME).unwrap(),
            Some(Signer::X509 {
                program: "/opt/gpgsm".into(),
                key: Some("0xCAFE".into())
            })
        );
    }

    #[test]
    fn ssh_needs_a_key_and_uses_ssh_keygen() {
        let on = "[commit]\n\tgpgsign = true\n[gpg]\n\tformat = ssh\n\tprogram = /not/for/ssh\n";
        let (_d, cfg) = local(on);
        let err = signer(&cfg, ME).unwrap_err();
        assert!(matches!(err, SignError::NoSshKey), "{err:?}");
        assert!(err.to_string().contains("set user.signingkey"), "{err}");
        let (_d, cfg) = local(&format!(
            "{on}[user]\n\tsigningkey = ~/.ssh/id_ed25519.pub\n"
        ));
        assert_eq!(
            signer(&cfg, ME).unwrap(),
            Some(Signer::Ssh {
                program: "ssh-keygen".into(),
                key: "~/.ssh/id_ed25519.pub".into()
            })
        );
        let (_d, cfg) = local(&format!(
            "{on}[user]\n\tsigningkey = key::ssh-ed25519 AAAAC3 me\n[gpg \"ssh\"]\n\tprogram = /opt/ssh-keygen\n"
        ));
        assert_eq!(
            signer(&cfg, ME).unwrap(),
            Some(Signer::Ssh {
                program: "/opt/ssh-keygen".into(),
                key: "key::ssh-ed25519 AAAAC3 me".into()
            })
        );
    }

    #[test]
    fn bad_config_values_are_errors() {
        let (_d, cfg) = local("[commit]\n\tgpgsign = true\n[gpg]\n\tformat = OpenPGP\n");
        let err = signer(&cfg, ME).unwrap_err();
        assert!(
            matches!(&err, SignError::UnsupportedFormat(f) if f == "OpenPGP"),
            "{err:?}"
        );
        assert!(err.to_string().contains("openpgp, x509 or ssh"), "{err}");
        let (_d, cfg) = local("[commit]\n\tgpgsign = sometimes\n");
        let err = signer(&cfg, ME).unwrap_err();
        assert!(
            matches!(
                err,
                SignError::Config {
                    key: "commit.gpgsign",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn literal_keys_and_home_expansion() {
        assert_eq!(
            literal_ssh_key("key::ecdsa-sha2 AAA"),
            Some("ecdsa-sha2 AAA")
        );
        assert_eq!(
            literal_ssh_key("ssh-ed25519 AAA c"),
            Some("ssh-ed25519 AAA c")
        );
        assert_eq!(literal_ssh_key("/home/me/.ssh/id.pub"), None);
        assert_eq!(literal_ssh_key("~/.ssh/ssh-key.pub"), None);
        let home = Some(OsString::from("/home/me"));
        assert_eq!(
            expand_home("~/.ssh/id.pub", home.clone()),
            PathBuf::from("/home/me/.ssh/id.pub")
        );
        assert_eq!(expand_home("~", home.clone()), PathBuf::from("/home/me"));
        assert_eq!(
            expand_home("~other/x", home.clone()),
            PathBuf::from("~other/x")
        );
        assert_eq!(expand_home("gpg", home), PathBuf::from("gpg"));
        assert_eq!(expand_home("~/x", None), PathBuf::from("~/x"));
    }

    #[test]
    fn a_missing_program_names_its_config_key() {
        let missing = "/nonexistent/factdesk-no-such-signer";
        let cases = [
            (
                Signer::OpenPgp {
                    program: missing.into(),
                    key: Some(ME.into()),
                },
                "gpg.program",
            ),
            (
                Signer::X509 {
                    program: missing.into(),
                    key: None,
                },
                "gpg.x509.program",
            ),
            (
                Signer::Ssh {
                    program: missing.into(),
                    key: "/nonexistent/key".into(),
                },
                "gpg.ssh.program",
            ),
        ];
        for (signer, key) in cases {
            let err = signer.sign("tree x\n").unwrap_err();
            assert!(
                matches!(&err, SignError::NotStarted { config_key, program, .. } if *config_key == key && program == missing),
                "{err:?}"
            );
            let text = err.to_string();
            assert!(text.contains("could not be started"), "{text}");
            assert!(text.contains(key), "{text}");
            assert!(text.contains(missing), "{text}");
        }
    }

    /// An executable shell script standing in for gpg or ssh-keygen.
    #[cfg(unix)]
    fn script(dir: &Path, name: &str, body: &str) -> String {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join(name);
        fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        path.to_str().unwrap().to_string()
    }

    #[cfg(unix)]
    #[test]
    fn gpg_gets_gits_arguments_and_the_payload_on_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("record");
        let program = script(
            dir.path(),
            "fake-gpg",
            &format!(
                "printf '%s\\n' \"$@\" > '{r}.args'\ncat > '{r}.stdin'\n\
                 echo '[GNUPG:] KEY_CONSIDERED X 2' >&2\n\
                 echo '[GNUPG:] SIG_CREATED D 22 8 00 1 X' >&2\n\
                 printf -- '-----BEGIN PGP SIGNATURE-----\\r\\nabc\\r\\n-----END PGP SIGNATURE-----\\r\\n'\n",
                r = record.display()
            ),
        );
        let signer = Signer::OpenPgp {
            program,
            key: Some(ME.into()),
        };
        let sig = signer.sign("tree 123\n\nmessage\n").unwrap();
        assert_eq!(
            sig,
            "-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n"
        );
        let args = fs::read_to_string(dir.path().join("record.args")).unwrap();
        assert_eq!(args, format!("--status-fd=2\n-bsau\n{ME}\n"));
        let stdin = fs::read_to_string(dir.path().join("record.stdin")).unwrap();
        assert_eq!(stdin, "tree 123\n\nmessage\n");
    }

    #[cfg(unix)]
    #[test]
    fn gpg_failures_report_stderr_or_missing_sig_created() {
        let dir = tempfile::tempdir().unwrap();
        let program = script(
            dir.path(),
            "failing-gpg",
            "cat > /dev/null\necho '[GNUPG:] KEY_CONSIDERED X 2' >&2\n\
             echo 'gpg: skipped \"0xF00D\": No secret key' >&2\n\
             echo 'gpg: signing failed: No secret key' >&2\nexit 2\n",
        );
        let err = Signer::OpenPgp {
            program: program.clone(),
            key: Some("0xF00D".into()),
        }
        .sign("tree 1\n")
        .unwrap_err();
        assert!(matches!(err, SignError::Failed { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains(
                "gpg: skipped \"0xF00D\": No secret key; gpg: signing failed: No secret key"
            ),
            "{text}"
        );
        assert!(!text.contains("[GNUPG:]"), "{text}");
        assert!(text.contains(&program), "{text}");

        let program = script(
            dir.path(),
            "quiet-gpg",
            "cat > /dev/null\necho 'gpg: using default key' >&2\necho 'SIGNATURE'\n",
        );
        let err = Signer::X509 { program, key: None }
            .sign("tree 1\n")
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("SIG_CREATED"), "{text}");
        assert!(text.contains("gpg: using default key"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn a_literal_ssh_key_goes_to_a_temp_file_with_dash_u_and_everything_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("record");
        // Records its arguments and the key file's content, then signs like
        // ssh-keygen: the payload file is the last argument.
        let program = script(
            dir.path(),
            "fake-ssh-keygen",
            &format!(
                "printf '%s\\n' \"$@\" > '{r}.args'\ncat \"$6\" > '{r}.key'\n\
                 for last; do :; done\ncp \"$last\" '{r}.payload'\n\
                 printf 'SSH SIG\\n' > \"$last.sig\"\n",
                r = record.display()
            ),
        );
        let signer = Signer::Ssh {
            program,
            key: "key::ssh-ed25519 AAAAC3Nza me@example.org".into(),
        };
        assert_eq!(signer.sign("tree 9\n\nhi\n").unwrap(), "SSH SIG\n");
        let args = fs::read_to_string(dir.path().join("record.args")).unwrap();
        let args: Vec<&str> = args.lines().collect();
        assert_eq!(args.len(), 8, "{args:?}");
        assert_eq!(&args[..5], ["-Y", "sign", "-n", "git", "-f"]);
        assert_eq!(args[6], "-U");
        assert_eq!(
            fs::read_to_string(dir.path().join("record.key")).unwrap(),
            "ssh-ed25519 AAAAC3Nza me@example.org\n"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("record.payload")).unwrap(),
            "tree 9\n\nhi\n"
        );
        let (key_file, payload_file) = (Path::new(args[5]), Path::new(args[7]));
        assert!(key_file.starts_with(std::env::temp_dir()), "{key_file:?}");
        assert!(!key_file.exists());
        assert!(!payload_file.exists());
        assert!(!Path::new(&format!("{}.sig", args[7])).exists());
    }

    #[cfg(unix)]
    #[test]
    fn ssh_failure_reports_stderr_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("args");
        let program = script(
            dir.path(),
            "failing-ssh-keygen",
            &format!(
                "printf '%s\\n' \"$@\" > '{}'\nfor last; do :; done\n\
                 echo partial > \"$last.sig\"\n\
                 echo 'Load key \"/x\": invalid format' >&2\nexit 255\n",
                record.display()
            ),
        );
        let err = Signer::Ssh {
            program,
            key: "/x".into(),
        }
        .sign("tree 1\n")
        .unwrap_err();
        assert!(
            err.to_string().contains("Load key \"/x\": invalid format"),
            "{err}"
        );
        let args = fs::read_to_string(&record).unwrap();
        let args: Vec<&str> = args.lines().collect();
        assert_eq!(args, ["-Y", "sign", "-n", "git", "-f", "/x", args[6]]);
        assert!(!Path::new(args[6]).exists());
        assert!(!Path::new(&format!("{}.sig", args[6])).exists());
    }

    /// A fresh ed25519 key pair in `dir`: (private key path, public key line).
    fn ssh_key(dir: &Path) -> (PathBuf, String) {
        let key = dir.join("key");
        let status = Command::new("ssh-keygen")
            .args([
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "tester@example.org",
                "-q",
                "-f",
            ])
            .arg(&key)
            .stdin(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        let public = fs::read_to_string(dir.join("key.pub")).unwrap();
        (key, public.trim().to_string())
    }

    #[test]
    fn ssh_signature_round_trip() {
        if !has("ssh-keygen") {
            eprintln!("skipped: ssh-keygen is not installed");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let (key, public) = ssh_key(dir.path());
        let payload = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nround trip\n";
        let signer = Signer::Ssh {
            program: "ssh-keygen".into(),
            key: key.to_str().unwrap().into(),
        };
        let sig = signer.sign(payload).unwrap();
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----\n"), "{sig}");

        let verify = |payload: &str| {
            let signers = dir.path().join("allowed_signers");
            fs::write(&signers, format!("tester@example.org {public}\n")).unwrap();
            let sig_file = dir.path().join("payload.sig");
            fs::write(&sig_file, &sig).unwrap();
            let mut child = Command::new("ssh-keygen")
                .args([
                    "-Y",
                    "verify",
                    "-n",
                    "git",
                    "-I",
                    "tester@example.org",
                    "-f",
                ])
                .arg(&signers)
                .arg("-s")
                .arg(&sig_file)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(payload.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        };
        let good = verify(payload);
        assert!(
            good.status.success(),
            "{}",
            String::from_utf8_lossy(&good.stderr)
        );
        let bad = verify("tree 0\n\ntampered\n");
        assert!(!bad.status.success());
    }

    #[test]
    fn signed_commit_is_verified_by_git() {
        if !has("ssh-keygen") || !has("git") {
            eprintln!("skipped: ssh-keygen or git is not installed");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        fs::create_dir(&keys).unwrap();
        let (key, public) = ssh_key(&keys);
        let work = dir.path().join("repo");
        let repo = Repository::init(&work).unwrap();
        {
            let mut cfg = repo.config().unwrap();
            cfg.set_bool("commit.gpgsign", true).unwrap();
            cfg.set_str("gpg.format", "ssh").unwrap();
            cfg.set_str("user.signingkey", key.to_str().unwrap())
                .unwrap();
        }
        let cfg = repo.config().unwrap().snapshot().unwrap();
        let signer = signer(&cfg, ME).unwrap().unwrap();

        let me = Signature::now("A U Thor", "author@example.org").unwrap();
        let tree_id = repo.treebuilder(None).unwrap().write().unwrap();
        let tree = repo.find_tree(tree_id).unwrap();
        let buffer = repo
            .commit_create_buffer(&me, &me, "signed by factdesk\n", &tree, &[])
            .unwrap();
        let buffer = buffer.as_str().unwrap();
        let sig = signer.sign(buffer).unwrap();
        let oid = repo.commit_signed(buffer, &sig, Some("gpgsig")).unwrap();
        repo.reference("refs/heads/main", oid, true, "signed commit")
            .unwrap();
        repo.set_head("refs/heads/main").unwrap();

        let signers = dir.path().join("allowed_signers");
        fs::write(&signers, format!("author@example.org {public}\n")).unwrap();
        let git = |extra: &[&str]| {
            let mut cmd = Command::new("git");
            cmd.arg("-c")
                .arg(format!("gpg.ssh.allowedSignersFile={}", signers.display()))
                .args(["log", "-1"])
                .args(extra)
                .current_dir(&work)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("HOME", dir.path());
            for var in [
                "GIT_DIR",
                "GIT_WORK_TREE",
                "GIT_INDEX_FILE",
                "GIT_CONFIG_PARAMETERS",
            ] {
                cmd.env_remove(var);
            }
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        assert_eq!(git(&["--format=%G?", &oid.to_string()]), "G\n");
        assert_eq!(
            git(&["--format=%H %s", "main"]),
            format!("{oid} signed by factdesk\n")
        );
    }
}
