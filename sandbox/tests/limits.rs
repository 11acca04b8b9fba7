//! What a hostile or broken client can do to a running sandbox over HTTP, and what it can't:
//! wrap the clock, pin it with half-sent requests (slowloris), exhaust its connections, send
//! oversized or malformed requests (issue #16 item 6).

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::*;
use paytm_sandbox::{Config, Sandbox, MAX_BODY_BYTES, MAX_SANDBOX_TIME_MS};

fn start_with(read_timeout: Duration, max_connections: u32) -> (Sandbox, SocketAddr) {
    let sb = Sandbox::start(Config {
        read_timeout,
        max_connections,
        ..Config::default()
    })
    .unwrap();
    let addr = sb.addr();
    (sb, addr)
}

fn advance(addr: SocketAddr, ms: &str) -> Reply {
    post(addr, &format!("/__admin/advance?ms={ms}"), b"")
}

#[test]
fn the_clock_cannot_be_wrapped_and_bad_advances_are_refused() {
    let (_sb, addr) = start_with(Duration::from_secs(10), 16);
    let before = now(addr);
    // The reported value: 2^64 - now + 5000 (an unchecked sum wraps to 1970 + 5 s).
    let wrap = (1u128 << 64) - u128::from(before) + 5000;
    let r = advance(addr, &wrap.to_string());
    assert_eq!(r.status, 400, "{r:?}");
    let why = r.json()["error"].as_str().unwrap().to_owned();
    assert!(why.contains("9999-12-31"), "{why}");
    assert!(
        r.json().get("now").is_none(),
        "a refusal must not look like an answer"
    );
    let after = now(addr);
    assert!(
        after >= before && after - before < 60_000,
        "clock moved: {before} → {after}"
    );

    for (ms, says) in [
        ("-5000", "negative"),
        ("-0", "negative"),
        ("abc", "whole number"),
        ("1.5", "whole number"),
        ("0x10", "whole number"),
        ("", "whole number"),
        ("18446744073709551616", "too large"),
        (&u64::MAX.to_string(), "9999-12-31"),
    ] {
        let r = advance(addr, ms);
        assert_eq!(r.status, 400, "ms={ms}: {r:?}");
        let why = r.json()["error"].as_str().unwrap().to_owned();
        assert!(why.contains(says), "ms={ms}: {why}");
    }
    let r = post(addr, "/__admin/advance", b"");
    assert_eq!(r.status, 400, "{r:?}");
    assert!(r.json()["error"].as_str().unwrap().contains("required"));
    let after = now(addr);
    assert!(after >= before && after - before < 60_000, "clock moved");

    // Up to the maximum is fine, and everything keeps working there (no overflow anywhere).
    let room = MAX_SANDBOX_TIME_MS - now(addr);
    let r = advance(addr, &(room - 3_600_000).to_string());
    assert_eq!(r.status, 200, "{r:?}");
    let t = r.json()["now"].as_u64().unwrap();
    assert!(t <= MAX_SANDBOX_TIME_MS && t > MAX_SANDBOX_TIME_MS - 2 * 3_600_000);
    let token = initiate(addr, "ORDER_YEAR_9999", "1.00");
    let md = pay_card(addr, "ORDER_YEAR_9999", &token, "4111111111111111", "123");
    let r = bank_otp(addr, &md, "123456");
    assert_eq!(r.field("TXNDATE").unwrap().get(..4), Some("9999"), "{r:?}");
    let r = advance(addr, "7200000");
    assert_eq!(r.status, 400, "{r:?}");
    assert!(now(addr) <= MAX_SANDBOX_TIME_MS);
    // Reset brings the wall clock back.
    assert_eq!(post(addr, "/__admin/reset", b"").status, 200);
    assert!(now(addr) < before + 60_000);
}

/// Whether the server has closed `s`: EOF or reset, and what it sent first.
fn closed_by_server(s: &mut TcpStream) -> (bool, Vec<u8>) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return (true, got),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return (false, got)
            }
            Err(_) => return (true, got),
        }
    }
}

fn still_open(s: &TcpStream) -> bool {
    s.set_nonblocking(true).unwrap();
    let mut b = [0u8; 1];
    let open = matches!(s.peek(&mut b), Err(e) if e.kind() == ErrorKind::WouldBlock);
    s.set_nonblocking(false).unwrap();
    open
}

#[test]
fn half_sent_requests_are_closed_after_the_read_timeout_and_others_are_served_meanwhile() {
    let timeout = Duration::from_millis(1000);
    let (_sb, addr) = start_with(timeout, 256);
    let connect = || {
        let s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        s
    };
    let opened = Instant::now();
    // Heads that never finish.
    let mut heads: Vec<TcpStream> = (0..40)
        .map(|i| {
            let mut s = connect();
            write!(s, "POST /__admin/advance?ms={i} HTTP/1.1\r\nHost: x\r\n").unwrap();
            s
        })
        .collect();
    // Connections that send nothing at all.
    heads.extend((0..5).map(|_| connect()));
    // Complete heads whose bodies never finish.
    let mut bodies: Vec<TcpStream> = (0..5)
        .map(|_| {
            let mut s = connect();
            s.write_all(
                b"POST /v3/order/status HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"head\":",
            )
            .unwrap();
            s
        })
        .collect();
    // A keep-alive connection that made one request and then idles.
    let mut idle = connect();
    idle.write_all(b"GET /__admin/clock HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 1024];
    let n = idle.read(&mut first).unwrap();
    assert!(first[..n].starts_with(b"HTTP/1.1 200"), "{:?}", &first[..n]);
    // A head dribbled one byte every 50 ms: a deadline, not an inactivity timer, must end it.
    let dribble = std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        let started = Instant::now();
        let head = b"GET /__admin/clock HTTP/1.1\r\nX-Slow: "
            .iter()
            .chain(std::iter::repeat(&b'a'));
        for &byte in head {
            if s.write_all(&[byte]).is_err() || !still_open(&s) {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < PATIENCE,
                "a dribbled head is never cut off"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        unreachable!()
    });

    // Meanwhile a normal client is served, while all the others are still held open.
    let clock = get(addr, "/__admin/clock");
    assert_eq!(clock.status, 200, "{clock:?}");
    let status = post(addr, "/v3/order/status", b"{}");
    assert_eq!(status.status, 200, "{status:?}");
    let served_after = opened.elapsed();
    assert!(
        heads.iter().chain(&bodies).all(still_open),
        "a connection was closed before the timeout ({served_after:?} after opening)"
    );

    // Then every one of them is closed, no sooner than the timeout and well before PATIENCE.
    let mut longest = Duration::ZERO;
    for s in &mut heads {
        let (closed, sent) = closed_by_server(s);
        assert!(closed, "a half-sent head was kept open for {PATIENCE:?}");
        assert!(sent.is_empty(), "{:?}", String::from_utf8_lossy(&sent));
        longest = longest.max(opened.elapsed());
    }
    for s in &mut bodies {
        let (closed, sent) = closed_by_server(s);
        assert!(closed, "a half-sent body was kept open for {PATIENCE:?}");
        let r = parse(&sent);
        assert_eq!(r.status, 408, "{r:?}");
        assert!(r.body.contains("did not arrive within 1000 ms"), "{r:?}");
    }
    let (closed, _) = closed_by_server(&mut idle);
    assert!(closed, "an idle keep-alive connection was kept open");
    let all_closed = opened.elapsed();
    let dribbled = dribble.join().unwrap();
    assert!(dribbled >= timeout, "closed early: {dribbled:?}");
    assert!(all_closed >= timeout, "closed early: {all_closed:?}");
    eprintln!(
        "read timeout {timeout:?}: normal requests served {served_after:?} after opening 50 \
         half-sent connections; all closed by {all_closed:?} (heads by {longest:?}); a dribbled \
         head cut off after {dribbled:?}"
    );
    // And the server still serves.
    assert_eq!(get(addr, "/__admin/clock").status, 200);
}

/// At the cap, a new client pushes out the connection that has waited longest for a request:
/// half-sent requests cannot keep anyone out, however many there are.
#[test]
fn at_the_connection_cap_the_oldest_waiting_connection_makes_room() {
    // A read timeout far longer than this test: nothing here waits for it.
    let (_sb, addr) = start_with(Duration::from_secs(60), 4);
    let mut held: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.set_read_timeout(Some(PATIENCE)).unwrap();
            s.write_all(b"GET /__admin/clock HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            s
        })
        .collect();
    // A normal client is served at once.
    let asked = Instant::now();
    let r = get(addr, "/__admin/clock");
    assert_eq!(r.status, 200, "{r:?}");
    let served_in = asked.elapsed();
    // The server accepts in order: the 16 first were pushed out by the 4 last, and the
    // normal client pushed out the 17th. The 3 newest are still open, and still served.
    for (i, s) in held.iter_mut().enumerate().take(17) {
        let (closed, sent) = closed_by_server(s);
        assert!(closed && sent.is_empty(), "connection {i} was not dropped");
    }
    assert!(held[17..].iter().all(still_open));
    held[19].write_all(b"Connection: close\r\n\r\n").unwrap();
    let r = parse(&read_all(&mut held[19]));
    assert_eq!(r.status, 200, "{r:?}");
    eprintln!("cap 4, 20 half-sent requests: a normal request served in {served_in:?}");
}

#[test]
fn oversized_requests_are_refused_and_the_server_keeps_serving() {
    let (_sb, addr) = start_with(Duration::from_secs(10), 16);
    // Body: declared too large (refused before reading), and chunked past the limit.
    let big = vec![b'a'; MAX_BODY_BYTES + 1];
    let r = post(addr, "/v3/order/status", &big);
    assert_eq!(r.status, 413, "{r:?}");
    let mut chunked = b"POST /v3/order/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                        Transfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    for _ in 0..=MAX_BODY_BYTES / 65_536 {
        chunked.extend_from_slice(b"10000\r\n");
        chunked.extend(std::iter::repeat_n(b'a', 65_536));
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let r = raw(addr, &chunked);
    assert_eq!(r.status, 413, "{r:?}");
    // Exactly the limit is read and handled (and refused as a request, not for its size).
    let r = post(addr, "/v3/order/status", &big[1..]);
    assert_eq!(r.status, 200, "{r:?}");
    // Head: one huge header, many headers, a huge URI.
    let huge_header = format!(
        "GET /__admin/clock HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: {}\r\n\r\n",
        "b".repeat(70_000)
    );
    assert_eq!(raw(addr, huge_header.as_bytes()).status, 431);
    let mut many = String::from("GET /__admin/clock HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    for i in 0..200 {
        many.push_str(&format!("X-H{i}: v\r\n"));
    }
    many.push_str("\r\n");
    assert_eq!(raw(addr, many.as_bytes()).status, 431);
    let long_uri = format!(
        "GET /__admin/clock?{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "q".repeat(70_000)
    );
    let r = raw(addr, long_uri.as_bytes());
    assert!(r.status == 414 || r.status == 431, "{r:?}");
    assert_eq!(get(addr, "/__admin/clock").status, 200);
}

/// Garbage at every endpoint: each answer is a clear 2xx/4xx, never a 5xx or a dropped
/// connection, and the server serves normally afterwards.
#[test]
fn hostile_inputs_never_break_a_handler() {
    let (_sb, addr) = start_with(Duration::from_secs(10), 16);
    let deep = "[".repeat(100_000);
    let bodies: Vec<&[u8]> = vec![
        b"",
        b"{",
        b"null",
        b"[]",
        b"\xff\xfe{\"head\":{}}",
        b"{\"head\":1,\"body\":1}",
        b"{\"head\":{\"signature\":5,\"txnToken\":[]},\"body\":{\"mid\":[\"x\"],\"orderId\":{}}}",
        b"{\"head\":{},\"body\":{\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"O\",\"txnAmount\":{\"value\":1e400},\"refundAmount\":\"99999999999999999999\",\"paymentMode\":\"CREDIT_CARD\",\"cardInfo\":\"|||\"}}",
        deep.as_bytes(),
        b"MD=%ff%fe%00&otp=%00&tr=&action=approve&vpa=pending18446744073709551616@x&phone=1",
    ];
    let posts = [
        "/theia/api/v1/initiateTransaction?mid=INTEGR7769XXXXXX9383&orderId=O",
        "/theia/api/v1/initiateTransaction",
        "/theia/api/v1/processTransaction?mid=%ff&orderId=%00",
        "/v3/order/status",
        "/refund/apply",
        "/v2/refund/status",
        "/paymentservices/pay/consult",
        "/signin/otp",
        "/signin/validate/otp",
        "/order/sendpaymentrequest",
        "/order/resendpaymentrequest",
        "/sandbox/bank/acs",
        "/sandbox/upi/pay",
        "/__admin/advance?ms=%ff",
        "/subscription/create?mid=INTEGR7769XXXXXX9383&orderId=O",
        "/subscription/renew",
        "/subscription/checkStatus",
        "/subscription/cancel",
        "/subscription/status/modify",
        "/subscription/preNotify",
        "/__admin/subscription/revoke?subsId=%ff",
        "/theia/api/v2/fetchPaymentOptions?mid=%ff&orderId=%00",
        "/theia/api/v1/fetchPaymentOptions",
        "/theia/api/v1/fetchBinDetail?mid=INTEGR7769XXXXXX9383&orderId=O",
        "/fetchBinDetail",
        "/theia/api/v1/vpa/validate",
        "/theia/api/v1/fetchEMIDetail?mid=INTEGR7769XXXXXX9383",
        "/theia/api/v1/applyPromo?orderId=O",
        "/login/sendOtp",
        "/login/validateOtp",
    ];
    let mut answered = 0;
    for path in posts {
        for body in &bodies {
            for ctype in ["application/json", "application/x-www-form-urlencoded"] {
                let r = request(addr, "POST", path, ctype, body);
                assert!(r.status < 500, "POST {path} {ctype}: {r:?}");
                answered += 1;
            }
        }
    }
    for path in [
        "/sandbox/bank/acs?MD=%ff%fe",
        "/sandbox/upi/pay?tr=%00&tr=x",
        "/user/details",
        "/__admin/orders",
        "/%ff",
        "/sandbox/bank/acs?MD=a%",
    ] {
        let r = get(addr, path);
        assert!(r.status < 500, "GET {path}: {r:?}");
        answered += 1;
    }
    let r = request(
        addr,
        "DELETE",
        "/oauth2/accessToken/%ff%fe",
        "text/plain",
        b"",
    );
    assert!(r.status < 500, "{r:?}");
    // Not HTTP at all.
    let r = raw(
        addr,
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n",
    );
    assert_eq!(r.status, 400, "{r:?}");
    assert_eq!(answered, posts.len() * bodies.len() * 2 + 6);
    assert_eq!(get(addr, "/__admin/clock").status, 200);
}
