//! End-to-end tests of the built `paytm-checkout` binary: the shared vectors, every exit code,
//! key sources, key secrecy, `explain` diagnoses and `doctor` over the shared doctor vectors.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

#[path = "../../tests/vectors/doctor/errors.rs"]
mod vector_errors;

const BIN: &str = env!("CARGO_BIN_EXE_paytm-checkout");
const VECTORS: &str = include_str!("../../tests/vectors/checksum.json");
/// A distinctive test key, so a leak is easy to spot in any output.
const KEY: &str = "K3y$ecret-Z9x!Qw";
const BODY: &str = r#"{"requestType":"Payment","mid":"INTEGR7769XXXXXX9383","websiteName":"WEBSTAGING","orderId":"ORDERID_98765","txnAmount":{"value":"1.00","currency":"INR"},"userInfo":{"custId":"CUST_001"},"callbackUrl":"https://merchant.example/cb"}"#;

/// Arguments, key in the environment, stdin, expected exit code.
type ExitCase<'a> = (&'a [&'a str], Option<&'a str>, &'a [u8], i32);
/// Arguments, key in the environment, stdin, text expected on stderr.
type ErrorCase<'a> = (Vec<&'a str>, Option<&'a str>, Vec<u8>, &'a str);

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with `args`, the key in the environment (when given) and `stdin`.
fn run(args: &[&str], key: Option<&str>, stdin: &[u8]) -> Out {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("PAYTM_MERCHANT_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(k) = key {
        cmd.env("PAYTM_MERCHANT_KEY", k);
    }
    let mut child = cmd.spawn().expect("spawn the CLI");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    // A writer thread: the CLI may stop reading early (input too large) or not read at all.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for the CLI");
    writer.join().unwrap();
    let r = Out {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert!(!r.stderr.contains("panicked"), "panic: {}", r.stderr);
    if let Some(k) = key.filter(|k| !k.is_empty()) {
        assert_no_key(&r, k);
    }
    r
}

fn assert_no_key(r: &Out, key: &str) {
    assert!(!r.stdout.contains(key), "key in stdout: {}", r.stdout);
    assert!(!r.stderr.contains(key), "key in stderr: {}", r.stderr);
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn generate(params: &[u8], salt: &str) -> String {
    let r = run(&["checksum", "generate", "--salt", salt], Some(KEY), params);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout.trim_end_matches('\n').to_owned()
}

#[test]
fn shared_vectors() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let (mut verified, mut generated, mut explained) = (0, 0, 0);
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let key = case["key"].as_str().unwrap();
        let salt = case["salt"].as_str().unwrap();
        let checksum = case["checksum"].as_str().unwrap();
        let valid = case["valid"].as_bool().unwrap();
        let (stdin, map): (Vec<u8>, &[&str]) = match case["kind"].as_str().unwrap() {
            "string" => (case["params"].as_str().unwrap().as_bytes().to_vec(), &[]),
            "map" => (case["params"].to_string().into_bytes(), &["--map"]),
            k => panic!("{name}: unknown kind {k}"),
        };
        // Runs the CLI with these arguments (and `--map` in map mode) on the case's key and input.
        let run_case = |args: &[&str]| {
            let args: Vec<String> = args.iter().chain(map).map(|s| s.to_string()).collect();
            run(&as_strs(&args), Some(key), &stdin)
        };
        let want = if valid { 0 } else { 1 };

        let r = run_case(&["checksum", "verify", "--checksum", checksum]);
        assert_eq!(r.code, want, "{name}: verify: {} {}", r.stdout, r.stderr);
        if valid {
            assert_eq!(r.stdout, "valid\n", "{name}");
        } else {
            assert!(
                r.stdout.starts_with("not valid: CHECKSUM_"),
                "{name}: {}",
                r.stdout
            );
        }
        verified += 1;

        let r = run_case(&["checksum", "explain", "--checksum", checksum]);
        assert_eq!(r.code, want, "{name}: explain: {}", r.stderr);
        explained += 1;

        if valid {
            let r = run_case(&["checksum", "generate", "--salt", salt]);
            assert_eq!(r.code, 0, "{name}: generate: {}", r.stderr);
            assert_eq!(
                r.stdout,
                format!("{checksum}\n"),
                "{name}: generated checksum"
            );
            generated += 1;
        }
    }
    assert_eq!(verified, 28, "every case ran");
    assert_eq!(explained, 28, "every case explained");
    assert_eq!(generated, 21, "every valid case generated bit-exact");
}

#[test]
fn generate_random_salt_verifies_and_stdin_is_byte_exact() {
    let r = run(&["checksum", "generate"], Some(KEY), BODY.as_bytes());
    assert_eq!(r.code, 0);
    let c = r.stdout.strip_suffix('\n').unwrap();
    assert_eq!(c.len(), 108);
    let ok = run(
        &["checksum", "verify", "--checksum", c],
        Some(KEY),
        BODY.as_bytes(),
    );
    assert_eq!((ok.code, ok.stdout.as_str()), (0, "valid\n"));
    // A trailing newline is part of the params: never trimmed.
    let nl = format!("{BODY}\n");
    assert_ne!(
        generate(nl.as_bytes(), "abcd"),
        generate(BODY.as_bytes(), "abcd")
    );
    let bad = run(
        &["checksum", "verify", "--checksum", c],
        Some(KEY),
        nl.as_bytes(),
    );
    assert_eq!(bad.code, 1);
    assert_eq!(
        bad.stdout,
        "not valid: CHECKSUM_MISMATCH (2001): checksum does not match the parameters\n"
    );
}

#[test]
fn every_exit_code() {
    let c = generate(BODY.as_bytes(), "Ab12");
    // The usual key and stdins, short enough that each case stays on one line.
    const K: Option<&str> = Some(KEY);
    const B: &[u8] = BODY.as_bytes();
    const X: &[u8] = b"x";
    const E: &[u8] = b"";
    let cases: &[ExitCase] = &[
        (&["checksum", "generate"], K, B, 0),
        (&["checksum", "verify", "--checksum", &c], K, B, 0),
        (&["checksum", "verify", "--checksum", &c], K, X, 1),
        (&["checksum", "verify", "--checksum", "!!"], K, X, 1),
        (&["checksum", "verify", "--checksum", ""], K, X, 1),
        (&["checksum", "explain", "--checksum", &c], K, B, 0),
        (&["checksum", "explain", "--checksum", &c], K, X, 1),
        (
            &["checksum", "explain", "--checksum", &c, "--json"],
            K,
            X,
            1,
        ),
        // Map mode with a nested body: input error.
        (&["checksum", "explain", "--checksum", &c, "--map"], K, B, 2),
        (&["checksum", "verify", "--checksum", &c, "--map"], K, B, 2),
        (&["checksum", "generate", "--map"], K, B, 2),
        // Usage errors.
        (&[], K, E, 2),
        (&["checksum"], K, E, 2),
        (&["checksum", "verify"], K, E, 2),
        (&["checksum", "generate", "--key", KEY], K, E, 2),
        (&["checksum", "frobnicate"], K, E, 2),
        // Input errors.
        (&["checksum", "generate"], None, X, 2),
        (&["checksum", "generate", "--salt", "abc"], K, X, 2),
        (&["checksum", "generate", "--salt", "abcde"], K, X, 2),
        (&["checksum", "generate", "--salt", "ab€"], K, X, 2),
        (&["checksum", "generate"], Some("short"), X, 2),
        (&["--version"], None, E, 0),
        (&["--help"], None, E, 0),
    ];
    for &(args, key, stdin, want) in cases {
        let r = run(args, key, stdin);
        assert_eq!(r.code, want, "{args:?}: {} {}", r.stdout, r.stderr);
        if want == 2 && !args.is_empty() && args.len() > 1 && !r.stderr.contains("Usage") {
            // Input errors name the stable code.
            assert!(
                r.stderr.contains("paytm-checkout: error "),
                "{args:?}: {}",
                r.stderr
            );
        }
    }
    let v = run(&["--version"], None, b"");
    assert_eq!(
        v.stdout,
        format!("paytm-checkout {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn errors_name_their_codes() {
    let cases: Vec<ErrorCase> = vec![
        (
            vec!["checksum", "generate", "--map"],
            Some(KEY),
            b"\xff\xfe{".to_vec(),
            "INVALID_UTF8 (1004)",
        ),
        (
            vec!["checksum", "verify", "--map", "--checksum", "x"],
            Some(KEY),
            b"{\"a\":\"\xff\"}".to_vec(),
            "INVALID_UTF8 (1004)",
        ),
        (
            vec!["checksum", "generate", "--map"],
            Some(KEY),
            b"".to_vec(),
            "INVALID_PARAMS (1003)",
        ),
        (
            vec!["checksum", "generate", "--map"],
            Some(KEY),
            b"{\"a\":1}".to_vec(),
            "INVALID_PARAMS (1003)",
        ),
        (
            vec!["checksum", "generate", "--map"],
            Some(KEY),
            b"{\"a\":\"1\"".to_vec(),
            "INVALID_PARAMS (1003)",
        ),
        (
            vec!["checksum", "generate"],
            None,
            b"x".to_vec(),
            "PAYTM_MERCHANT_KEY",
        ),
        (
            vec!["checksum", "generate"],
            Some(""),
            b"x".to_vec(),
            "INVALID_KEY_LENGTH (1001)",
        ),
        (
            vec!["checksum", "generate"],
            Some("0123456789abcdefX"),
            b"x".to_vec(),
            "got 17",
        ),
        (
            vec!["checksum", "generate", "--salt", "abc"],
            Some(KEY),
            b"x".to_vec(),
            "INVALID_SALT (1002)",
        ),
        (
            vec!["checksum", "generate"],
            Some(KEY),
            vec![b'a'; 16 * 1024 * 1024 + 1],
            "INPUT_TOO_LARGE (1005)",
        ),
        (
            vec!["checksum", "explain", "--checksum", "x"],
            Some(KEY),
            vec![b'{'; 17 * 1024 * 1024],
            "INPUT_TOO_LARGE (1005)",
        ),
    ];
    for (args, key, stdin, want) in cases {
        let r = run(&args, key, &stdin);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(want),
            "{args:?}: want {want} in {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
    // Empty stdin is a valid (empty) string to sign; it is signed with a warning.
    let r = run(&["checksum", "generate", "--salt", "V7en"], Some(KEY), b"");
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("empty"));
    // A huge input just under the limit works.
    let big = vec![b'a'; 4 * 1024 * 1024];
    let c = generate(&big, "bigx");
    assert_eq!(
        run(&["checksum", "verify", "--checksum", &c], Some(KEY), &big).code,
        0
    );
}

#[test]
fn key_from_file() {
    let dir = std::env::temp_dir().join(format!("paytm-checkout-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let expected = generate(BODY.as_bytes(), "F1le");
    let file = |name: &str, content: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, content).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let gen = |path: &str, env: Option<&str>| {
        run(
            &["checksum", "generate", "--salt", "F1le", "--key-file", path],
            env,
            BODY.as_bytes(),
        )
    };
    // Exact bytes, with or without ONE trailing newline (LF or CRLF).
    for (name, content) in [
        ("plain", KEY.as_bytes().to_vec()),
        ("lf", format!("{KEY}\n").into_bytes()),
        ("crlf", format!("{KEY}\r\n").into_bytes()),
    ] {
        let r = gen(&file(name, &content), None);
        assert_eq!(
            (r.code, r.stdout.clone()),
            (0, format!("{expected}\n")),
            "{name}: {}",
            r.stderr
        );
        assert_no_key(&r, KEY);
    }
    // Only one newline is stripped: a second one makes the key 17 bytes long.
    let r = gen(&file("two", format!("{KEY}\n\n").as_bytes()), None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("INVALID_KEY_LENGTH") && r.stderr.contains("got 17"),
        "{}",
        r.stderr
    );
    assert_no_key(&r, KEY);
    // --key-file wins over the environment.
    let r = gen(&file("plain2", KEY.as_bytes()), Some("another key 16 b"));
    assert_eq!(r.stdout, format!("{expected}\n"));
    // A missing file is an input error; the path is not repeated (it may be the key itself).
    let missing = dir.join("missing").to_str().unwrap().to_owned();
    let r = gen(&missing, None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("cannot open the --key-file file (path not shown)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(&missing), "{}", r.stderr);
    let r = gen(dir.to_str().unwrap(), None);
    assert_eq!(r.code, 2, "a directory is not a key file: {}", r.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn key_never_printed() {
    // `run` asserts the key is absent from both streams of every command; here every command
    // kind, including failures, runs with the key set.
    let c = generate(BODY.as_bytes(), "Ab12");
    let damaged = c.replace('+', " ");
    let commands: Vec<Vec<&str>> = vec![
        vec!["checksum", "generate"],
        vec!["checksum", "generate", "--map"],
        vec!["checksum", "generate", "--salt", "bad salt"],
        vec!["checksum", "verify", "--checksum", &c],
        vec!["checksum", "verify", "--checksum", "garbage"],
        vec!["checksum", "verify", "--checksum", &c, "--map"],
        vec!["checksum", "explain", "--checksum", &c],
        vec!["checksum", "explain", "--checksum", &damaged],
        vec!["checksum", "explain", "--checksum", &c, "--json"],
        vec!["checksum", "explain", "--checksum", &c, "--map", "--json"],
        vec!["checksum", "bogus"],
    ];
    let inputs: [&[u8]; 4] = [BODY.as_bytes(), b"", b"\xff", br#"{"A":"null"}"#];
    let mut runs = 0;
    for args in &commands {
        for stdin in inputs {
            run(args, Some(KEY), stdin);
            runs += 1;
        }
    }
    assert_eq!(runs, 44);
    // Wrong-length keys are not echoed either.
    for bad in [
        "SECRET-17-BYTES!!",
        "SECRET",
        "SECRET-KEY-THAT-IS-FAR-TOO-LONG-FOR-AES!!",
    ] {
        let r = run(
            &["checksum", "verify", "--checksum", &c],
            Some(bad),
            BODY.as_bytes(),
        );
        assert_eq!(r.code, 2);
        assert_no_key(&r, bad);
    }
}

fn explain_json(args: &[&str], stdin: &[u8]) -> (i32, Value) {
    let mut a = vec!["checksum", "explain", "--json"];
    a.extend_from_slice(args);
    let r = run(&a, Some(KEY), stdin);
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    (r.code, v)
}

fn cause_kinds(v: &Value) -> Vec<String> {
    v["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn explain_finds_causes_end_to_end() {
    let c = generate(BODY.as_bytes(), "Ab12");

    // Valid: no causes.
    let (code, v) = explain_json(&["--checksum", &c], BODY.as_bytes());
    assert_eq!(code, 0);
    assert_eq!(v["verdict"]["status"], "valid");
    assert_eq!(v["salt"], "Ab12");
    assert!(cause_kinds(&v).is_empty());

    // Trailing newline, readable report: escaped so it shows.
    let r = run(
        &["checksum", "explain", "--checksum", &c],
        Some(KEY),
        format!("{BODY}\n").as_bytes(),
    );
    assert_eq!(r.code, 1);
    // The newline shows as `\n`.
    for shown in [
        "CHECKSUM_MISMATCH (2001)",
        "salt:           \"Ab12\"",
        "}\\n|Ab12\"",
        "[params_surrounding_whitespace]",
    ] {
        assert!(r.stdout.contains(shown), "{shown}: {}", r.stdout);
    }

    // Python separators.
    let python = BODY
        .replace("\",\"", "\", \"")
        .replace("\":", "\": ")
        .replace("},", "}, ");
    let cp = generate(python.as_bytes(), "Py01");
    let (code, v) = explain_json(&["--checksum", &cp], BODY.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(cause_kinds(&v), ["json_python_separators"]);
    assert_eq!(v["causes"][0]["matched"], python.as_str());

    // Sorted keys.
    let sorted = serde_json::to_string(&serde_json::from_str::<Value>(BODY).unwrap()).unwrap();
    let cs = generate(sorted.as_bytes(), "So01");
    assert_eq!(
        cause_kinds(&explain_json(&["--checksum", &cs], BODY.as_bytes()).1),
        ["json_key_order"]
    );

    // A checksum whose '+' became spaces (find one that has a '+').
    let (params, cplus) = (0..1000)
        .map(|i| format!("{BODY}{i}"))
        .map(|p| {
            let c = generate(p.as_bytes(), "Pl01");
            (p, c)
        })
        .find(|(_, c)| c.contains('+'))
        .unwrap();
    let (code, v) = explain_json(&["--checksum", &cplus.replace('+', " ")], params.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(v["verdict"]["name"], "CHECKSUM_ENCODING");
    assert_eq!(cause_kinds(&v), ["checksum_plus_as_space"]);
    assert_eq!(v["repairedChecksum"], cplus.as_str());
    let (_, v) = explain_json(
        &["--checksum", &cplus.replace('+', "%2B")],
        params.as_bytes(),
    );
    assert_eq!(cause_kinds(&v), ["checksum_percent_encoded"]);
    let (_, v) = explain_json(&["--checksum", &format!("{cplus}\n")], params.as_bytes());
    assert_eq!(cause_kinds(&v), ["checksum_surrounding_whitespace"]);

    // Another merchant's key.
    let other = run(
        &["checksum", "generate"],
        Some("0123456789abcdef"),
        BODY.as_bytes(),
    );
    let co = other.stdout.trim_end();
    let (code, v) = explain_json(&["--checksum", co], BODY.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(cause_kinds(&v), ["checksum_does_not_decrypt"]);
    assert!(v["salt"].is_null());

    // Map mode: a 'null' value signed as text (Node), CHECKSUMHASH included, wrong mode.
    let callback = br#"{"MID":"M1","ORDERID":"O1","BANKTXNID":"null"}"#;
    let cn = generate(b"null|M1|O1", "Nu11");
    let (code, v) = explain_json(&["--map", "--checksum", &cn], callback);
    assert_eq!(code, 1);
    assert_eq!(cause_kinds(&v), ["map_null_kept_as_text"]);
    assert_eq!(v["hashedString"], "|M1|O1|Nu11");
    // PHP's ksort order: numeric names compared as numbers ("7" before "17").
    let php = br#"{"MID":"M1","17":"seventeen","7":"seven"}"#;
    let cp = generate(b"seven|seventeen|M1", "Php1");
    assert_eq!(
        cause_kinds(&explain_json(&["--map", "--checksum", &cp], php).1),
        ["numeric_key_order"]
    );
    let with_hash = br#"{"MID":"M1","ORDERID":"O1","CHECKSUMHASH":"abc"}"#;
    let ch = generate(b"abc|M1|O1", "Ch01");
    assert_eq!(
        cause_kinds(&explain_json(&["--map", "--checksum", &ch], with_hash).1),
        ["map_checksumhash_included"]
    );
    let craw = generate(callback, "Raw1");
    assert_eq!(
        cause_kinds(&explain_json(&["--map", "--checksum", &craw], callback).1),
        ["signed_as_string"]
    );
    let cmap = run(
        &["checksum", "generate", "--map", "--salt", "Map1"],
        Some(KEY),
        callback,
    );
    let cmap = cmap.stdout.trim_end();
    assert_eq!(
        cause_kinds(&explain_json(&["--checksum", cmap], callback).1),
        ["signed_as_map"]
    );
    let (code, v) = explain_json(&["--map", "--checksum", &c], BODY.as_bytes());
    assert_eq!(code, 2, "a nested body is not a map: input error");
    assert_eq!(v["verdict"]["name"], "INVALID_PARAMS");
    assert_eq!(cause_kinds(&v), ["signed_as_string"]);
}

#[test]
fn explain_truncates_long_strings_and_escapes_controls() {
    let long: String = "x".repeat(5000) + "\u{1}END\n";
    let c = generate(long.as_bytes(), "Lo01");
    let r = run(
        &["checksum", "explain", "--checksum", &c],
        Some(KEY),
        long.as_bytes(),
    );
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("characters omitted"), "{}", r.stdout);
    assert!(r.stdout.contains("\\u{1}END\\n|Lo01\""), "{}", r.stdout);
    assert!(
        r.stdout.len() < 2000,
        "report stays short: {}",
        r.stdout.len()
    );
    // --json keeps everything.
    let (_, v) = explain_json(&["--checksum", &c], long.as_bytes());
    assert_eq!(v["hashedString"].as_str().unwrap(), format!("{long}|Lo01"));
}

/// A secret is "echoed" when any 10 of its consecutive characters come back (a cut copy is
/// still a leak).
fn echoes(text: &str, secret: &str) -> bool {
    let chars: Vec<char> = secret.chars().collect();
    chars
        .windows(10.min(chars.len()))
        .any(|w| text.contains(&w.iter().collect::<String>()))
}

#[test]
fn arguments_that_may_be_secrets_are_never_echoed() {
    // Issue #16: clap quoted the refused argument ("unexpected argument 'PmX#…' found") and a
    // missing key file was named by its path: a key typed as an argument or as --key-file's
    // value came straight back into the terminal, the CI log, the scrollback.
    let dir = std::env::temp_dir().join(format!("paytm-checkout-cli-echo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut runs = 0;
    for secret in [
        "PmX#a0x4VpTXRzfK",
        KEY,
        "qWeRtYuIoPaSdFgH",
        "4111111111111111",
    ] {
        // A directory named like the key: opening it as the key file fails after the open.
        let as_dir = dir.join(secret);
        std::fs::create_dir_all(&as_dir).unwrap();
        let as_dir = as_dir.to_str().unwrap().to_owned();
        let eq = |flag: &str| format!("{flag}={secret}");
        let (key_eq, map_eq, json_eq, short) =
            (eq("--key"), eq("--map"), eq("--json"), format!("-{secret}"));
        let cases: Vec<(Vec<&str>, &str)> = vec![
            (
                vec!["checksum", "generate", secret],
                "unexpected argument 3 (not shown",
            ),
            (
                vec!["checksum", "verify", "--checksum", "x", secret],
                "unexpected argument 5 (not shown",
            ),
            (
                vec!["checksum", "explain", "--json", "--checksum", "x", secret],
                "unexpected argument 6 (not shown",
            ),
            (vec![secret], "unrecognized subcommand 1 (not shown"),
            (
                vec!["checksum", secret],
                "unrecognized subcommand 2 (not shown",
            ),
            (vec!["--", secret], "(not shown"),
            (vec!["checksum", "generate", "--key", secret], "--key-file"),
            (
                vec!["checksum", "generate", &key_eq],
                "unexpected argument 3 (not shown",
            ),
            (vec!["checksum", "generate", &short], "(not shown"),
            (
                vec!["checksum", "generate", &map_eq],
                "unexpected value for '--map'",
            ),
            (
                vec!["checksum", "explain", "--checksum", "x", &json_eq],
                "unexpected value for '--json'",
            ),
            (
                vec!["checksum", "generate", "--salt", secret],
                "INVALID_SALT",
            ),
            (
                vec!["checksum", "generate", "--key-file", secret],
                "cannot open the --key-file file (path not shown)",
            ),
            (
                vec!["checksum", "generate", "--key-file", &as_dir],
                "cannot read the --key-file file",
            ),
        ];
        for (args, says) in cases {
            let r = run(&args, Some(KEY), BODY.as_bytes());
            assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
            assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
            assert!(
                !echoes(&r.stderr, secret),
                "{args:?}: the argument is echoed: {}",
                r.stderr
            );
            assert!(
                r.stderr.contains(says),
                "{args:?}: want {says:?} in {}",
                r.stderr
            );
            runs += 1;
        }
    }
    assert_eq!(runs, 56);
    // A key file holding a wrong-length key, and one named like the key: neither is echoed.
    let wrong = dir.join("PmX#a0x4VpTXRzfK.key");
    std::fs::write(&wrong, "PmX#a0x4VpTXRzfK-and-more\n").unwrap();
    let r = run(
        &[
            "checksum",
            "generate",
            "--key-file",
            wrong.to_str().unwrap(),
        ],
        None,
        BODY.as_bytes(),
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--key-file: merchant key must be"),
        "{}",
        r.stderr
    );
    assert!(
        !echoes(&r.stderr, "PmX#a0x4VpTXRzfK-and-more"),
        "{}",
        r.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// How the output is broken in [`run_broken`].
#[derive(Clone, Copy, Debug)]
enum Broken {
    /// stdout is /dev/full: every write fails with ENOSPC.
    Full,
    /// stdout is closed when the program starts (`>&-`).
    Closed,
    /// stdout is a pipe whose reader is gone before anything is written.
    ReaderGone,
    /// stdout and stderr are both /dev/full: nowhere to complain, but no panic either.
    BothFull,
}

/// Distinct FIFO names for [`Broken::ReaderGone`] runs in parallel tests.
static FIFOS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Runs the binary with the key in the environment, `stdin`, and stdout broken as `how`.
fn run_broken(args: &[&str], stdin: &[u8], how: Broken) -> (i32, String) {
    let full = || {
        Stdio::from(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .expect("/dev/full"),
        )
    };
    let fifo = std::env::temp_dir().join(format!(
        "paytm-cli-reader-gone-{}-{}",
        std::process::id(),
        FIFOS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let mut cmd = match how {
        // The shell closes the descriptor and execs: the program starts with no fd 1.
        Broken::Closed => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg("exec \"$0\" \"$@\" >&-")
                .arg(BIN)
                .args(args);
            c
        }
        // The (single-threaded) shell makes a FIFO, holds it open for reading and writing on fd
        // 3, points fd 1 at it, closes fd 3 and execs: the program's stdout is a pipe that no
        // process can read. (An anonymous pipe whose reader exits first is not enough here: a
        // process another test thread forks at that moment may hold the reading end a while.)
        Broken::ReaderGone => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(
                    "f=\"$1\"; shift; mkfifo \"$f\" && exec 3<>\"$f\" && exec >\"$f\" && \
                     exec 3<&- && rm -f \"$f\" && exec \"$0\" \"$@\"",
                )
                .arg(BIN)
                .arg(&fifo)
                .args(args);
            c
        }
        _ => {
            let mut c = Command::new(BIN);
            c.args(args);
            c
        }
    };
    cmd.env("PAYTM_MERCHANT_KEY", KEY).stdin(Stdio::piped());
    match how {
        Broken::Full => cmd.stdout(full()).stderr(Stdio::piped()),
        Broken::BothFull => cmd.stdout(full()).stderr(full()),
        Broken::Closed => cmd.stdout(Stdio::null()).stderr(Stdio::piped()),
        Broken::ReaderGone => cmd.stderr(Stdio::piped()),
    };
    let mut child = cmd.spawn().expect("spawn the CLI");
    drop(cmd);
    let mut pipe = child.stdin.take().unwrap();
    let _ = pipe.write_all(stdin);
    drop(pipe);
    let out = child.wait_with_output().expect("wait for the CLI");
    let _ = std::fs::remove_file(&fifo);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{args:?} {how:?}: {stderr}");
    (
        out.status.code().expect("exited, not killed by a signal"),
        stderr,
    )
}

#[test]
fn output_that_cannot_be_written_is_an_output_error() {
    // Issue #16: with stdout closed the CLI exited 0 having printed nothing, and a full disk
    // was reported as INVALID_PARAMS (1003), an input error.
    let c = generate(BODY.as_bytes(), "Ab12");
    let commands: Vec<(Vec<&str>, &[u8])> = vec![
        (vec!["checksum", "generate"], BODY.as_bytes()),
        (
            vec!["checksum", "generate", "--salt", "Ab12"],
            BODY.as_bytes(),
        ),
        (vec!["checksum", "generate", "--map"], br#"{"A":"1"}"#),
        (
            vec!["checksum", "verify", "--checksum", &c],
            BODY.as_bytes(),
        ),
        (vec!["checksum", "verify", "--checksum", &c], b"tampered"),
        (
            vec!["checksum", "explain", "--checksum", &c],
            BODY.as_bytes(),
        ),
        (vec!["checksum", "explain", "--checksum", &c], b"tampered"),
        (
            vec!["checksum", "explain", "--json", "--checksum", &c],
            BODY.as_bytes(),
        ),
        (vec!["--help"], b""),
        (vec!["checksum", "generate", "--help"], b""),
        (vec!["--version"], b""),
    ];
    let mut runs = 0;
    for (args, stdin) in &commands {
        // Each works with a working stdout (so what fails below is the write).
        let ok = run(args, Some(KEY), stdin);
        assert!(ok.code == 0 || ok.code == 1, "{args:?}: {}", ok.stderr);
        assert!(!ok.stdout.is_empty(), "{args:?}");

        let (code, stderr) = run_broken(args, stdin, Broken::Full);
        assert_eq!(code, 3, "{args:?} to /dev/full: {stderr}");
        assert_eq!(
            stderr, "paytm-checkout: cannot write output: No space left on device (os error 28)\n",
            "{args:?}"
        );

        let (code, stderr) = run_broken(args, stdin, Broken::Closed);
        assert_eq!(code, 3, "{args:?} with stdout closed: {stderr}");
        assert_eq!(
            stderr, "paytm-checkout: cannot write output: stdout is closed\n",
            "{args:?}"
        );

        // A reader that went away: silent, with the status of a process killed by SIGPIPE.
        let (code, stderr) = run_broken(args, stdin, Broken::ReaderGone);
        assert_eq!(
            (code, stderr.as_str()),
            (141, ""),
            "{args:?} into a closed pipe"
        );

        let (code, _) = run_broken(args, stdin, Broken::BothFull);
        assert_eq!(code, 3, "{args:?} with stdout and stderr full");
        runs += 4;
    }
    assert_eq!(runs, 44);
    // An input error is still an input error with stdout closed, and stdout redirected to
    // /dev/null on purpose (verify for its exit status only) is not "closed".
    let (code, stderr) = run_broken(
        &["checksum", "generate", "--salt", "x"],
        b"",
        Broken::Closed,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("INVALID_SALT"), "{stderr}");
    let status = Command::new(BIN)
        .args(["checksum", "verify", "--checksum", &c])
        .env("PAYTM_MERCHANT_KEY", KEY)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(BODY.as_bytes())?;
            child.wait()
        })
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn closed_stdin_is_not_the_empty_string() {
    // The runtime reads a closed stdin as empty; signing "" would hand back a checksum of
    // nothing the caller meant.
    let out = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" checksum generate <&-")
        .arg(BIN)
        .env("PAYTM_MERCHANT_KEY", KEY)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("INVALID_PARAMS (1003): stdin is closed"),
        "{stderr}"
    );
}

const DOCTOR: &str = include_str!("../../tests/vectors/doctor/doctor.json");

/// `doctor` replays the shared vectors: the codes of `--json`, the exit status (0 clean, 1
/// findings, 2 input error), the readable report naming each code, and the key never shown.
#[test]
fn doctor_vectors() {
    let v: Value = serde_json::from_str(DOCTOR).unwrap();
    let key = v["key"].as_str().unwrap();
    let cases = v["cases"].as_array().unwrap();
    let dir = std::env::temp_dir().join(format!("paytm-doctor-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, c) in cases.iter().enumerate() {
        let name = c["name"].as_str().unwrap();
        let input = serde_json::to_vec(&c["input"]).unwrap();
        let want: Vec<&str> = c["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        let status = if want.is_empty() { 0 } else { 1 };
        // Stdin, JSON report.
        let r = run(&["doctor", "--json"], None, &input);
        assert_eq!(r.code, status, "{name}: {}", r.stderr);
        let report: Value = serde_json::from_str(&r.stdout).unwrap();
        let got: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert_eq!(got, want, "{name}");
        assert_eq!(report["clean"], want.is_empty(), "{name}");
        // A file, readable report.
        let path = dir.join(format!("{i}.json"));
        std::fs::write(&path, &input).unwrap();
        let r = run(&["doctor", "--config", path.to_str().unwrap()], None, b"");
        assert_eq!(r.code, status, "{name}: {}", r.stderr);
        for code in &want {
            assert!(
                r.stdout.contains(&format!(" {code} (")),
                "{name}: {}",
                r.stdout
            );
        }
        if want.is_empty() {
            assert_eq!(r.stdout, "no findings\n", "{name}");
        } else {
            assert!(
                r.stdout.contains(&format!("{} findings: ", want.len())),
                "{name}"
            );
        }
        for out in [&r.stdout, &r.stderr] {
            assert!(!out.contains(key), "{name}: key shown");
        }
    }
    assert_eq!(cases.len(), 53);
    let errors = vector_errors::input_errors(&v);
    for e in &errors {
        let (name, code) = (e.name, e.error);
        let r = run(&["doctor"], None, &e.input);
        assert_eq!(r.code, 2, "{name}");
        assert!(
            r.stderr.contains(&format!("error {code} (")),
            "{name}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{name}");
        assert!(!r.stderr.contains(key), "{name}: key shown");
    }
    assert_eq!(errors.len(), 10);
    // A missing file: exit 2, its path (it may be a secret) not shown.
    let r = run(
        &["doctor", "--config", "/nonexistent/PmX#secret"],
        None,
        b"",
    );
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("PmX#secret"), "{}", r.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}
