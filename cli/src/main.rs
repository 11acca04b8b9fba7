//! `paytm-checkout`: sign, verify and diagnose Paytm checksums from the command line.
//!
//! ```text
//! paytm-checkout checksum generate [--salt S] [--map]      < params
//! paytm-checkout checksum verify   --checksum C [--map]    < params
//! paytm-checkout checksum explain  --checksum C [--map] [--json] < params
//! ```
//!
//! Params are read from stdin byte-exact: nothing is trimmed, so a trailing newline is part of
//! what is signed (use `printf '%s'`, not `echo`). With `--map`, stdin is a JSON object of
//! string/null values signed in map mode.
//!
//! The merchant key never comes from an argument (arguments show up in `ps` and shell history):
//! `--key-file PATH` (the file's bytes, minus ONE trailing `\n` or `\r\n`) or, without it, the
//! environment variable `PAYTM_MERCHANT_KEY`. It is held in memory that is zeroed on drop and is
//! never printed, not even in errors.
//!
//! Exit codes: 0 valid / done, 1 checksum not valid, 2 usage or input error (stderr names the
//! stable error code).

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
                  0 valid, 1 not valid, 2 usage or input error."
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

/// A failure that ends the program with exit code 2.
struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    fn new(code: ErrorCode, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure {
            code: e.code(),
            message: e.message().to_owned(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!(
                "paytm-checkout: error {} ({}): {}",
                f.code.name(),
                f.code.number(),
                f.message
            );
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    let Command::Checksum(cmd) = cli.command;
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
                eprintln!("paytm-checkout: warning: stdin is empty; signing the empty string");
            }
            let checksum = match salt {
                Some(s) => key.generate_with_salt(&signed, s),
                None => key.generate(&signed)?,
            };
            write_out(&format!("{checksum}\n"))?;
            Ok(0)
        }
        ChecksumCommand::Verify { checksum, common } => {
            let key = load_key(&common)?;
            let input = read_stdin()?;
            let signed = signing_bytes(&input, common.map)?;
            match key.check(&signed, checksum.as_bytes()) {
                Ok(()) => {
                    write_out("valid\n")?;
                    Ok(0)
                }
                Err(e) => {
                    let c = e.code();
                    write_out(&format!(
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
                write_out(&text)?;
            } else {
                write_out(&report(&exp))?;
            }
            Ok(match exp.verdict {
                Verdict::Valid => 0,
                Verdict::Mismatch => 1,
                Verdict::Malformed(c) if c.is_checksum_failure() => 1,
                Verdict::Malformed(c) => {
                    // The report still shows what can be learnt (a wrong-mode cause), but the
                    // params are unusable as given: an input error.
                    eprintln!(
                        "paytm-checkout: error {} ({}): {}",
                        c.name(),
                        c.number(),
                        c.message()
                    );
                    2
                }
            })
        }
    }
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
/// zeroed on drop; messages mention lengths and paths, never bytes.
fn load_key(common: &Common) -> Result<MerchantKey, Failure> {
    let raw: Zeroizing<Vec<u8>> = match &common.key_file {
        Some(path) => {
            let mut bytes = Zeroizing::new(Vec::new());
            let f = std::fs::File::open(path).map_err(|e| {
                Failure::new(
                    ErrorCode::InvalidKeyLength,
                    format!("cannot open key file {}: {e}", path.display()),
                )
            })?;
            // A key is at most 32 bytes; reading a little more is enough to report a wrong length.
            f.take(4096).read_to_end(&mut bytes).map_err(|e| {
                Failure::new(
                    ErrorCode::InvalidKeyLength,
                    format!("cannot read key file {}: {e}", path.display()),
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
        Some(p) => format!("key file {}", p.display()),
        None => KEY_ENV.to_owned(),
    };
    MerchantKey::new(&raw).map_err(|e| Failure::new(e.code(), format!("{source}: {}", e.message())))
}

/// Reads all of stdin, refusing a terminal (nothing piped in) and inputs over [`MAX_INPUT`].
fn read_stdin() -> Result<Vec<u8>, Failure> {
    let stdin = std::io::stdin();
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

fn write_out(s: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| {
            Failure::new(
                ErrorCode::InvalidParams,
                format!("cannot write stdout: {e}"),
            )
        })
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
