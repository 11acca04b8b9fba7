//! `paytm-checkout`: sign, verify and diagnose Paytm checksums from the command line.
//!
//! ```text
//! paytm-checkout checksum generate [--salt S] [--map]      < params
//! paytm-checkout checksum verify   --checksum C [--map]    < params
//! paytm-checkout checksum explain  --checksum C [--map] [--json] < params
//! paytm-checkout doctor [--config FILE] [--json]            (< config.json)
//! ```
//!
//! `doctor` diagnoses a merchant configuration (core's `paytm_checkout::doctor`, docs/doctor.md):
//! a JSON file (or stdin) in, findings out; exit 0 when there is none, 1 when there are findings,
//! 2 when the input is not usable. The file holds the merchant key, so it is read into memory
//! that is zeroed on drop, and its path is never echoed.
//!
//! Params are read from stdin byte-exact: nothing is trimmed, so a trailing newline is part of
//! what is signed (use `printf '%s'`, not `echo`). With `--map`, stdin is a JSON object of
//! string/null values signed in map mode.
//!
//! The merchant key never comes from an argument (arguments show up in `ps` and shell history):
//! `--key-file PATH` (the file's bytes, minus ONE trailing `\n` or `\r\n`) or, without it, the
//! environment variable `PAYTM_MERCHANT_KEY`. It is held in memory that is zeroed on drop and is
//! never printed, not even in errors. Nothing a user typed is echoed in an error either: an
//! unexpected argument is named by its position (it may be a key pasted in the wrong place), and
//! the `--key-file` path is not repeated (it may be the key itself).
//!
//! Exit codes: 0 valid / done, 1 checksum not valid, 2 usage or input error (stderr names the
//! stable error code), 3 the output could not be written (stderr says why: a full disk, a
//! closed stdout...). A reader that goes away early (a broken pipe, `| head -c0`) ends the
//! program silently with status 141, the status a shell shows for `cat` and every other tool
//! killed by SIGPIPE, so pipelines under `set -o pipefail` treat it as they treat those.
#![warn(missing_docs)]

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use paytm_checkout::explain::{explain, Explanation, Mode, Verdict};
use paytm_checkout::{Error, ErrorCode, MerchantKey, Params, Salt};
use zeroize::Zeroizing;

/// Largest params accepted on stdin. Paytm bodies are a few KB; this bounds memory on mistakes
/// such as piping a disk image in.
const MAX_INPUT: u64 = 16 * 1024 * 1024;
/// Strings longer than this are shortened in the readable `explain` report (not in `--json`).
const SHOW_MAX: usize = 600;
/// The environment variable holding the merchant key.
const KEY_ENV: &str = "PAYTM_MERCHANT_KEY";

#[derive(Parser)]
#[command(
    name = "paytm-checkout",
    version,
    about = "Sign, verify and diagnose Paytm checksums",
    after_help = "The merchant key comes from --key-file PATH (file contents; ONE trailing newline \
                  is stripped) or the PAYTM_MERCHANT_KEY environment variable, never from an \
                  argument.\nParams come from stdin, byte-exact (never trimmed).\nExit codes: \
                  0 valid, 1 not valid, 2 usage or input error, 3 output not written (141: the \
                  reader closed the pipe).\n`doctor` reads a configuration (docs/doctor.md) from \
                  --config FILE or stdin; exit 0 no findings, 1 findings, 2 input error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Paytm checksums (the `signature` / `CHECKSUMHASH` values).
    #[command(subcommand)]
    Checksum(ChecksumCommand),
    /// Diagnose a merchant configuration (JSON, see docs/doctor.md): environment, hosts,
    /// websiteName, MID, key, callback URL, a captured callback or response. Exit 0 no findings,
    /// 1 findings, 2 error.
    Doctor {
        /// Read the configuration from this file instead of stdin.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ChecksumCommand {
    /// Print the checksum of the params on stdin.
    Generate {
        /// Use this 4-character ASCII salt instead of a random one (reproducible output).
        #[arg(long, value_name = "S")]
        salt: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Check a checksum against the params on stdin: prints `valid` (exit 0) or
    /// `not valid: <reason>` (exit 1).
    Verify {
        /// The checksum to check.
        #[arg(long, value_name = "C", allow_hyphen_values = true)]
        checksum: String,
        #[command(flatten)]
        common: Common,
    },
    /// Diagnose a checksum: what it holds, what was hashed, and which common mistake explains a
    /// mismatch. Exit 0 valid, 1 not valid, 2 error.
    Explain {
        /// The checksum to diagnose (damaged ones welcome: spaces, %2B, newlines).
        #[arg(long, value_name = "C", allow_hyphen_values = true)]
        checksum: String,
        /// Print the diagnosis as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Args)]
struct Common {
    /// Stdin is a JSON object of string/null values, signed as a map (callbacks, webhooks).
    #[arg(long)]
    map: bool,
    /// Read the merchant key from this file (exact bytes; one trailing newline is stripped)
    /// instead of the PAYTM_MERCHANT_KEY environment variable.
    #[arg(long, value_name = "PATH")]
    key_file: Option<PathBuf>,
}

/// A failure that ends the program.
enum Failure {
    /// Usage or input: exit 2, with the stable error code.
    Input { code: ErrorCode, message: String },
    /// Stdout could not be written: exit 3 (141 on a broken pipe).
    Output(std::io::Error),
}

impl Failure {
    fn new(code: ErrorCode, message: impl Into<String>) -> Failure {
        Failure::Input {
            code,
            message: message.into(),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::new(e.code(), e.message())
    }
}

/// Exit status for a reader that closed the pipe: what a shell reports for a process killed by
/// SIGPIPE (128 + 13). Rust ignores SIGPIPE, so the write fails with EPIPE instead; ending with
/// this status and no message is how `cat`, `printf` and the rest look from a script.
const BROKEN_PIPE_STATUS: u8 = 141;
/// Exit status for output that could not be written (not an input error).
const OUTPUT_FAILED_STATUS: u8 = 3;

fn main() -> ExitCode {
    let mut out = Out::stdout();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, &mut out),
    };
    let result = run(cli, &mut out);
    finish(result)
}

fn finish(result: Result<u8, Failure>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Input { code, message }) => {
            say(format_args!(
                "error {} ({}): {message}",
                code.name(),
                code.number()
            ));
            ExitCode::from(2)
        }
        Err(Failure::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(BROKEN_PIPE_STATUS)
        }
        Err(Failure::Output(e)) => {
            say(format_args!("cannot write output: {e}"));
            ExitCode::from(OUTPUT_FAILED_STATUS)
        }
    }
}

/// A line on stderr. A failed write there is ignored on purpose: stderr is the channel of last
/// resort, and the exit status still tells what happened (`eprintln!` would panic instead).
fn say(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "paytm-checkout: {line}");
}

/// Stdout, where every write is checked.
///
/// Rust's own `stdout()` cannot say that stdout was closed: at start-up the runtime opens
/// /dev/null (read-write) in place of a closed standard descriptor, and writes to it succeed. A
/// shell's `>/dev/null` opens it write-only, so a stdout that is /dev/null *and* readable was
/// closed when the program started, and writing to it is refused like any failed write.
struct Out(Result<Box<dyn Write>, std::io::Error>);

impl Out {
    #[cfg(unix)]
    fn stdout() -> Out {
        use std::os::fd::AsFd;
        Out(std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .map(File::from)
            .and_then(|f| {
                if was_closed(&f, |f| f.read(&mut []).map(drop)) {
                    Err(std::io::Error::other("stdout is closed"))
                } else {
                    Ok(Box::new(f) as Box<dyn Write>)
                }
            }))
    }

    #[cfg(not(unix))]
    fn stdout() -> Out {
        Out(Ok(Box::new(std::io::stdout())))
    }

    fn write(&mut self, s: &str) -> Result<(), Failure> {
        match &mut self.0 {
            Ok(w) => w
                .write_all(s.as_bytes())
                .and_then(|()| w.flush())
                .map_err(Failure::Output),
            Err(e) => Err(Failure::Output(std::io::Error::new(
                e.kind(),
                e.to_string(),
            ))),
        }
    }
}

/// True when `f` is the /dev/null the runtime put in place of a closed standard descriptor: it
/// is /dev/null and `other_way` (a zero-length read on stdout, write on stdin) succeeds, which a
/// shell redirection never allows.
#[cfg(unix)]
fn was_closed(f: &File, other_way: impl FnOnce(&mut &File) -> std::io::Result<()>) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(m), Ok(null)) = (f.metadata(), std::fs::metadata("/dev/null")) else {
        return false;
    };
    m.dev() == null.dev() && m.ino() == null.ino() && other_way(&mut &*f).is_ok()
}

/// Handles what clap could not parse, without echoing what was typed.
///
/// clap quotes the argument it refuses (`unexpected argument 'PmX#…' found`), and a user who
/// pastes the key as an argument would see it again in the terminal, the CI log, the scrollback.
/// Only texts that name nothing but this program's own arguments are clap's; the others are
/// rewritten to say which argument (by position) and what is expected. Help and version go to
/// stdout through the checked writer.
fn usage_error(e: &clap::Error, out: &mut Out) -> ExitCode {
    use clap::error::ErrorKind as K;
    match e.kind() {
        K::DisplayHelp | K::DisplayVersion => match out.write(&e.render().to_string()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(f) => finish(Err(f)),
        },
        K::MissingRequiredArgument
        | K::MissingSubcommand
        | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = write!(std::io::stderr().lock(), "{}", e.render());
            ExitCode::from(2)
        }
        _ => {
            let _ = std::io::stderr().lock().write_all(refused(e).as_bytes());
            ExitCode::from(2)
        }
    }
}

/// clap's error, rewritten without the user's text (see [`usage_error`]).
fn refused(e: &clap::Error) -> String {
    use clap::error::{ContextKind as C, ContextValue as V, ErrorKind as K};
    let text = |kind| match e.get(kind) {
        Some(V::String(s)) => Some(s.clone()),
        Some(V::StyledStr(s)) => Some(s.to_string()),
        Some(V::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    // Where the refused argument is on the command line, found by comparing, never shown.
    let position = |kind| {
        let given = text(kind)?;
        std::env::args_os()
            .skip(1)
            .position(|a| {
                let a = a.to_string_lossy();
                a == given || a.starts_with(&format!("{given}="))
            })
            .map(|i| format!(" {}", i + 1))
    };
    let not_shown = "(not shown: it may be a secret)";
    let (what, similar) = match e.kind() {
        K::UnknownArgument => (
            format!(
                "unexpected argument{} {not_shown}",
                position(C::InvalidArg).unwrap_or_default()
            ),
            text(C::SuggestedArg),
        ),
        K::InvalidSubcommand => (
            format!(
                "unrecognized subcommand{} {not_shown}",
                position(C::InvalidSubcommand).unwrap_or_default()
            ),
            text(C::SuggestedSubcommand),
        ),
        K::InvalidUtf8 => (format!("an argument is not valid UTF-8 {not_shown}"), None),
        // The other kinds name the argument by its definition (`--salt <S>`): shown when it is
        // one of ours; the value never is.
        kind => {
            let arg = text(C::InvalidArg)
                .filter(|a| is_our_flag(a))
                .map_or_else(|| "an argument".to_owned(), |a| format!("'{a}'"));
            let none_given = text(C::InvalidValue).is_some_and(|v| v.is_empty());
            let what = match kind {
                K::InvalidValue if none_given => {
                    format!("a value is required for {arg} but none was supplied")
                }
                K::TooManyValues => {
                    format!("unexpected value for {arg}, which takes none {not_shown}")
                }
                _ => format!("invalid value for {arg} {not_shown}"),
            };
            (what, None)
        }
    };
    let mut msg = format!("error: {what}\n\n");
    if let Some(s) = similar.filter(|s| is_our_flag(s) || is_our_subcommand(s)) {
        msg.push_str(&format!("  tip: a similar argument exists: '{s}'\n"));
    }
    msg.push_str(
        "  tip: the merchant key is never an argument: use --key-file PATH or the \
         PAYTM_MERCHANT_KEY environment variable; params are read from stdin\n",
    );
    if let Some(usage) = text(C::Usage) {
        msg.push_str(&format!("\n{usage}\n"));
    }
    msg.push_str("\nFor more information, try '--help'.\n");
    msg
}

/// `--flag` or `--flag <VALUE>` where `--flag` is an option of some subcommand of this program.
fn is_our_flag(text: &str) -> bool {
    use clap::CommandFactory;
    let Some(long) = text.split(' ').next().and_then(|f| f.strip_prefix("--")) else {
        return false;
    };
    fn walk(c: &clap::Command, long: &str) -> bool {
        c.get_arguments().any(|a| a.get_long() == Some(long))
            || c.get_subcommands().any(|s| walk(s, long))
    }
    walk(&Cli::command(), long)
}

/// The name of a subcommand of this program.
fn is_our_subcommand(text: &str) -> bool {
    use clap::CommandFactory;
    fn walk(c: &clap::Command, name: &str) -> bool {
        c.get_subcommands()
            .any(|s| s.get_name() == name || walk(s, name))
    }
    walk(&Cli::command(), text)
}

fn run(cli: Cli, out: &mut Out) -> Result<u8, Failure> {
    let cmd = match cli.command {
        Command::Checksum(cmd) => cmd,
        Command::Doctor { config, json } => return doctor(config, json, out),
    };
    match cmd {
        ChecksumCommand::Generate { salt, common } => {
            let salt = salt
                .map(|s| {
                    Salt::new(s.as_bytes()).map_err(|e| {
                        Failure::new(
                            e.code(),
                            format!("--salt: {} (got {} bytes)", e.message(), s.len()),
                        )
                    })
                })
                .transpose()?;
            let key = load_key(&common)?;
            let input = read_stdin()?;
            let signed = signing_bytes(&input, common.map)?;
            if signed.is_empty() && !common.map {
                say(format_args!(
                    "warning: stdin is empty; signing the empty string"
                ));
            }
            let checksum = match salt {
                Some(s) => key.generate_with_salt(&signed, s),
                None => key.generate(&signed)?,
            };
            out.write(&format!("{checksum}\n"))?;
            Ok(0)
        }
        ChecksumCommand::Verify { checksum, common } => {
            let key = load_key(&common)?;
            let input = read_stdin()?;
            let signed = signing_bytes(&input, common.map)?;
            match key.check(&signed, checksum.as_bytes()) {
                Ok(()) => {
                    out.write("valid\n")?;
                    Ok(0)
                }
                Err(e) => {
                    let c = e.code();
                    out.write(&format!(
                        "not valid: {} ({}): {}\n",
                        c.name(),
                        c.number(),
                        e.message()
                    ))?;
                    Ok(1)
                }
            }
        }
        ChecksumCommand::Explain {
            checksum,
            json,
            common,
        } => {
            let key = load_key(&common)?;
            let input = read_stdin()?;
            let mode = if common.map { Mode::Map } else { Mode::String };
            let exp = explain(&key, &input, mode, checksum.as_bytes());
            if json {
                let mut text = serde_json::to_string_pretty(&exp).map_err(|e| {
                    Failure::new(
                        ErrorCode::Panic,
                        format!("cannot serialize the report: {e}"),
                    )
                })?;
                text.push('\n');
                out.write(&text)?;
            } else {
                out.write(&report(&exp))?;
            }
            Ok(match exp.verdict {
                Verdict::Valid => 0,
                Verdict::Mismatch => 1,
                Verdict::Malformed(c) if c.is_checksum_failure() => 1,
                Verdict::Malformed(c) => {
                    // The report still shows what can be learnt (a wrong-mode cause), but the
                    // params are unusable as given: an input error.
                    say(format_args!(
                        "error {} ({}): {}",
                        c.name(),
                        c.number(),
                        c.message()
                    ));
                    2
                }
            })
        }
    }
}

/// `doctor`: the configuration from `config` or stdin, the report on stdout.
fn doctor(config: Option<PathBuf>, json: bool, out: &mut Out) -> Result<u8, Failure> {
    use paytm_checkout::doctor::{diagnose, DoctorInput};
    let text: Zeroizing<Vec<u8>> = match config {
        Some(path) => {
            let mut bytes = Zeroizing::new(Vec::new());
            let f = File::open(&path).map_err(|e| {
                Failure::new(
                    ErrorCode::InvalidParams,
                    format!("cannot open the --config file (path not shown): {e}"),
                )
            })?;
            f.take(MAX_INPUT + 1).read_to_end(&mut bytes).map_err(|e| {
                Failure::new(
                    ErrorCode::InvalidParams,
                    format!("cannot read the --config file: {e}"),
                )
            })?;
            if bytes.len() as u64 > MAX_INPUT {
                return Err(Failure::new(
                    ErrorCode::InputTooLarge,
                    format!("the --config file is larger than {MAX_INPUT} bytes"),
                ));
            }
            bytes
        }
        None => Zeroizing::new(read_stdin()?),
    };
    let input = DoctorInput::from_json(&text)?;
    let report = diagnose(&input);
    if json {
        out.write(&format!("{}\n", report.to_json()))?;
    } else {
        out.write(&doctor_text(&report))?;
    }
    Ok(if report.clean { 0 } else { 1 })
}

/// The readable `doctor` report: one line a finding, then a count.
fn doctor_text(report: &paytm_checkout::doctor::Report) -> String {
    use paytm_checkout::doctor::Severity;
    if report.clean {
        return "no findings\n".to_owned();
    }
    let mut s = String::new();
    let count = |sev| report.findings.iter().filter(|f| f.severity == sev).count();
    for f in &report.findings {
        let detail = f
            .detail
            .as_deref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        s.push_str(&format!(
            "{:<7} {} ({}{detail}): {}\n",
            f.severity.name(),
            f.code.name(),
            f.field,
            f.fix
        ));
    }
    s.push_str(&format!(
        "{} findings: {} errors, {} warnings, {} info\n",
        report.findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    s
}

/// What gets signed: stdin as is, or (map mode) the joined values of the JSON object.
fn signing_bytes(input: &[u8], map: bool) -> Result<Vec<u8>, Failure> {
    if !map {
        return Ok(input.to_vec());
    }
    if input.is_empty() {
        return Err(Failure::new(
            ErrorCode::InvalidParams,
            "stdin is empty; --map expects a JSON object of string/null values",
        ));
    }
    if let Err(e) = std::str::from_utf8(input) {
        return Err(Failure::new(
            ErrorCode::InvalidUtf8,
            format!(
                "stdin is not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ),
        ));
    }
    Ok(Params::from_json(input)?.signing_string().into_bytes())
}

/// Loads the merchant key from `--key-file` or the environment. Every copy of the raw bytes is
/// zeroed on drop; messages say where the key came from, never its bytes, and never the path
/// (someone may have typed the key itself as `--key-file`'s value).
fn load_key(common: &Common) -> Result<MerchantKey, Failure> {
    let raw: Zeroizing<Vec<u8>> = match &common.key_file {
        Some(path) => {
            let mut bytes = Zeroizing::new(Vec::new());
            let f = File::open(path).map_err(|e| {
                Failure::new(
                    ErrorCode::InvalidKeyLength,
                    format!("cannot open the --key-file file (path not shown): {e}"),
                )
            })?;
            // A key is at most 32 bytes; reading a little more is enough to report a wrong length.
            f.take(4096).read_to_end(&mut bytes).map_err(|e| {
                Failure::new(
                    ErrorCode::InvalidKeyLength,
                    format!("cannot read the --key-file file: {e}"),
                )
            })?;
            if bytes.ends_with(b"\r\n") {
                let n = bytes.len() - 2;
                bytes.truncate(n);
            } else if bytes.ends_with(b"\n") {
                let n = bytes.len() - 1;
                bytes.truncate(n);
            }
            bytes
        }
        None => match std::env::var_os(KEY_ENV) {
            Some(v) => Zeroizing::new(v.into_encoded_bytes()),
            None => {
                return Err(Failure::new(
                    ErrorCode::InvalidKeyLength,
                    format!(
                        "no merchant key: set {KEY_ENV} or pass --key-file PATH (never the key \
                         itself as an argument)"
                    ),
                ))
            }
        },
    };
    let source = match &common.key_file {
        Some(_) => "--key-file",
        None => KEY_ENV,
    };
    MerchantKey::new(&raw).map_err(|e| Failure::new(e.code(), format!("{source}: {}", e.message())))
}

/// Reads all of stdin, refusing a terminal (nothing piped in) and inputs over [`MAX_INPUT`].
fn read_stdin() -> Result<Vec<u8>, Failure> {
    let stdin = std::io::stdin();
    // A closed stdin reads as empty (the runtime put /dev/null in its place): that is not the
    // empty string to sign, it is no input at all.
    #[cfg(unix)]
    let closed = {
        use std::os::fd::AsFd;
        stdin
            .as_fd()
            .try_clone_to_owned()
            .map(File::from)
            .is_ok_and(|f| was_closed(&f, |f| f.write(&[]).map(drop)))
    };
    #[cfg(not(unix))]
    let closed = false;
    if closed {
        return Err(Failure::new(
            ErrorCode::InvalidParams,
            "stdin is closed; pipe the params in (e.g. printf '%s' \"$BODY\" | paytm-checkout ...)",
        ));
    }
    if stdin.is_terminal() {
        return Err(Failure::new(
            ErrorCode::InvalidParams,
            "params are read from stdin; pipe them in (e.g. printf '%s' \"$BODY\" | paytm-checkout ...)",
        ));
    }
    let mut buf = Vec::new();
    stdin
        .lock()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Failure::new(ErrorCode::InvalidParams, format!("cannot read stdin: {e}")))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(Failure::new(
            ErrorCode::InputTooLarge,
            format!("stdin is larger than {MAX_INPUT} bytes"),
        ));
    }
    Ok(buf)
}

/// The readable `explain` report.
fn report(e: &Explanation) -> String {
    let mut out = String::new();
    let mode = match e.mode {
        Mode::String => "string (exact bytes)",
        Mode::Map => "map (values sorted by key, joined with '|')",
    };
    let verdict = match e.verdict.code() {
        None => "valid".to_owned(),
        Some(c) => format!("not valid: {} ({}): {}", c.name(), c.number(), c.message()),
    };
    let line = |out: &mut String, label: &str, value: &str| {
        out.push_str(&format!("{label:<16}{value}\n"));
    };
    line(&mut out, "verdict:", &verdict);
    line(&mut out, "mode:", mode);
    let none = "(unknown: the checksum does not open with this key)";
    if let Some(r) = &e.repaired_checksum {
        line(&mut out, "repaired:", &show(r));
    }
    line(
        &mut out,
        "salt:",
        &e.salt
            .as_deref()
            .map(show)
            .unwrap_or_else(|| none.to_owned()),
    );
    line(
        &mut out,
        "hash inside:",
        e.hash_in_checksum.as_deref().unwrap_or(none),
    );
    let no_params = "(none: the params are not usable in this mode)";
    let (hash, hashed) = match (&e.hash_of_params, &e.hashed_string, &e.salt) {
        (Some(h), Some(s), _) => (h.clone(), show(s)),
        (_, _, None) => (none.to_owned(), none.to_owned()),
        _ => (no_params.to_owned(), no_params.to_owned()),
    };
    line(&mut out, "hash of params:", &hash);
    line(&mut out, "hashed string:", &hashed);
    if let Some(s) = &e.hashed_string {
        out.push_str(&format!(
            "{:<16}({} bytes, params + \"|\" + salt)\n",
            "",
            s.len()
        ));
    }
    if e.causes.is_empty() {
        match e.verdict {
            Verdict::Valid => {}
            Verdict::Mismatch => out.push_str(
                "likely causes:  none of the known mistakes reproduces the hash: the params \
                 differ from what was signed (changed in transit, tampered, or another value)\n",
            ),
            Verdict::Malformed(_) => out.push_str("likely causes:  none detected\n"),
        }
    } else {
        out.push_str("likely causes:\n");
        for (i, c) in e.causes.iter().enumerate() {
            out.push_str(&format!("  {}. [{}] {}\n", i + 1, c.kind.name(), c.message));
            if let Some(m) = &c.matched {
                out.push_str(&format!("     matches: {}\n", show(m)));
            }
        }
    }
    out
}

/// A string in quotes with control characters and backslashes escaped (a trailing newline shows
/// as `\n`; quotes are left alone so JSON stays readable), and
/// shortened in the middle when very long: the end stays visible, since that is where stray
/// newlines and salts live.
fn show(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let body = if chars.len() > SHOW_MAX {
        let head: String = chars[..SHOW_MAX * 2 / 3].iter().collect();
        let tail: String = chars[chars.len() - SHOW_MAX / 3..].iter().collect();
        let omitted = chars.len() - SHOW_MAX * 2 / 3 - SHOW_MAX / 3;
        format!(
            "{}…[{omitted} characters omitted]…{}",
            escape(&head),
            escape(&tail)
        )
    } else {
        escape(s)
    };
    format!("\"{body}\"")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}
