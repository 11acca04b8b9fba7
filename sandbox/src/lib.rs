//! # paytm-sandbox
//!
//! An offline, Paytm-compatible gateway for tests and demos: the server side of the APIs the
//! `paytm-checkout` engine uses, on 127.0.0.1, with in-memory state, test instruments that choose
//! each outcome ([`instruments`]) and a clock that an admin endpoint advances. Point the engine at
//! it with `Environment::custom(sandbox.base_url())`. The endpoints and instruments are documented
//! in `docs/sandbox.md`.
//!
//! Modules: `server` (Paytm's APIs, a module per API family, over in-memory state; its
//! `routes()` is the one table of paths), `clock` (sandbox time, bounded so it cannot
//! wrap), [`push`] (delivers webhooks: a background thread, retries with backoff, a delivery
//! log), `serve` (the accept loop: read timeouts, connection cap, size limits, panic boundary;
//! see [`Config`]), [`instruments`], [`html`], [`host`].
//!
//! [`host`] is the other side: a small blocking host loop that drives the engine's sessions over
//! real HTTP against a sandbox (used by the tests and by `paytm-sandbox-demo`).
//!
//! ```no_run
//! let sandbox = paytm_sandbox::Sandbox::start(paytm_sandbox::Config::default())?;
//! println!("listening on {}", sandbox.base_url());
//! sandbox.stop();
//! # Ok::<(), std::io::Error>(())
//! ```
#![warn(missing_docs)]

mod clock;
pub mod host;
pub mod html;
pub mod instruments;
pub mod push;
mod serve;
mod server;

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use paytm_checkout::MerchantKey;

pub use clock::MAX_MS as MAX_SANDBOX_TIME_MS;
pub use serve::{MAX_BODY_BYTES, MAX_HEAD_BYTES};
pub use server::{
    txn_date, ACCESS_TOKEN_VALIDITY_MS, OAUTH_OTP, PRE_NOTIFY_LEAD_MS, TEST_WALLETS,
    TOKEN_VALIDITY_MS,
};

/// The project's test merchant: MID.
pub const TEST_MID: &str = "INTEGR7769XXXXXX9383";
/// The project's test merchant: key (a made-up staging key; signs nothing real).
pub const TEST_KEY: &str = "PmX#a0x4VpTXRzfK";

/// How to run a sandbox.
#[derive(Debug, Clone)]
pub struct Config {
    /// The port on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// Merchants: (MID, key).
    pub merchants: Vec<(String, String)>,
    /// How long a client may take to send a request head (counted from when the server starts
    /// waiting for it, so also how long an idle keep-alive connection stays open), and then
    /// its body. Past it the connection is closed (`408` when the head had arrived). Not zero.
    pub read_timeout: Duration,
    /// How many connections are open at once. At the cap, a new connection makes room by
    /// closing the one that has waited longest for a request (`503` for the new one only if
    /// every connection is inside a handler). Not zero.
    pub max_connections: u32,
    /// Where S2S webhooks (payment, refund) are POSTed for every merchant (`http://` only;
    /// `POST /__admin/webhook` sets or overrides it per merchant). `None`: nowhere.
    pub webhook_url: Option<String>,
}

/// Connections the kernel queues before the server accepts them (std's default, 128, drops
/// connection attempts during a burst, which then wait a second for the client to retry).
const LISTEN_BACKLOG: u32 = 1024;

/// [`Config::read_timeout`] unless configured.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// [`Config::max_connections`] unless configured.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 256;

impl Default for Config {
    /// An ephemeral port, the test merchant, and the default limits.
    fn default() -> Config {
        Config {
            port: 0,
            merchants: vec![(TEST_MID.to_owned(), TEST_KEY.to_owned())],
            read_timeout: DEFAULT_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            webhook_url: None,
        }
    }
}

/// A running sandbox (a thread with its own single-threaded runtime). Dropping it stops it.
pub struct Sandbox {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Sandbox {
    /// Binds 127.0.0.1:`port` and serves in a background thread. The address is bound when this
    /// returns, so a client may connect at once.
    pub fn start(config: Config) -> std::io::Result<Sandbox> {
        Sandbox::start_with(config, |routes| routes)
    }

    /// [`Sandbox::start`], with the routes passed through `extend` (tests add routes with it).
    fn start_with(
        config: Config,
        extend: impl FnOnce(axum::Router) -> axum::Router + Send + 'static,
    ) -> std::io::Result<Sandbox> {
        let invalid = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, why);
        if config.read_timeout.is_zero() {
            return Err(invalid("the read timeout must be above zero".into()));
        }
        if config.max_connections == 0 {
            return Err(invalid("max connections must be at least 1".into()));
        }
        if let Some(url) = &config.webhook_url {
            if !url.starts_with("http://") {
                return Err(invalid(
                    "the webhook URL must start with http:// (the sandbox links no TLS)".into(),
                ));
            }
        }
        let limits = serve::Limits {
            read_timeout: config.read_timeout,
            max_connections: config.max_connections,
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let listener = {
            // The listener registers with this runtime, which the server thread then runs.
            let _inside = rt.enter();
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.set_reuseaddr(true)?; // as std's bind does: a fixed port rebinds at once
            socket.bind(SocketAddr::from(([127, 0, 0, 1], config.port)))?;
            socket.listen(LISTEN_BACKLOG)?
        };
        let addr = listener.local_addr()?;
        let mut merchants = Vec::new();
        for (mid, key) in &config.merchants {
            let k = MerchantKey::new(key.as_bytes())
                .map_err(|e| invalid(format!("merchant {mid}: {}", e.message())))?;
            merchants.push((mid.clone(), k));
        }
        let webhooks = push::Webhooks::new(config.webhook_url.clone())?;
        let shared = Arc::new(server::Shared::new(
            format!("http://{addr}"),
            merchants,
            webhooks,
        ));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("paytm-sandbox".into())
            .spawn(move || {
                rt.block_on(async move {
                    let app = extend(server::router(shared));
                    serve::serve(listener, app, limits, async move {
                        let _ = rx.await;
                    })
                    .await;
                    Ok(())
                })
            })?;
        Ok(Sandbox {
            addr,
            stop: Some(tx),
            thread: Some(thread),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the base URL for `Environment::custom`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves until the process ends (the binary's mode).
    pub fn wait(mut self) -> std::io::Result<()> {
        // Held, not dropped: a dropped sender would stop the server.
        let _keep_running = self.stop.take();
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(std::io::Error::other("the sandbox thread panicked")),
            None => Ok(()),
        }
    }

    /// Stops serving and waits for the server thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use axum::routing::get;

    use super::*;

    /// `GET path` on a new connection: (status, body).
    fn get_raw(addr: SocketAddr, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, body.to_owned())
    }

    /// No route can panic today; this one is added to prove what would happen if one did.
    #[test]
    fn a_panicking_handler_answers_500_and_the_server_keeps_serving() {
        let sb = Sandbox::start_with(Config::default(), |routes| {
            routes.route(
                "/__test/panic",
                get(|| async {
                    // Through a real code path: a handler that trusts an input.
                    let input: Vec<u8> = Vec::new();
                    format!("{}", input[0])
                }),
            )
        })
        .unwrap();
        for _ in 0..3 {
            let (status, body) = get_raw(sb.addr(), "/__test/panic");
            assert_eq!(status, 500, "{body}");
            assert!(body.contains("keeps serving"), "{body}");
            let (status, body) = get_raw(sb.addr(), "/__admin/clock");
            assert_eq!(status, 200, "{body}");
        }
        // And on a kept-alive connection: the 500, then the next request on the same one.
        let mut s = TcpStream::connect(sb.addr()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(
            b"GET /__test/panic HTTP/1.1\r\nHost: x\r\n\r\n\
              GET /__admin/clock HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        assert!(text.starts_with("HTTP/1.1 500"), "{text}");
        assert_eq!(text.matches("HTTP/1.1 200").count(), 1, "{text}");
    }

    /// Only when every connection is inside a handler is a new one refused, with 503, at once.
    #[test]
    fn when_every_connection_is_in_a_handler_a_new_one_gets_503_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        let inside = Arc::new(AtomicUsize::new(0));
        let (g, n) = (gate.clone(), inside.clone());
        let config = Config {
            max_connections: 2,
            ..Config::default()
        };
        let sb = Sandbox::start_with(config, move |routes| {
            routes.route(
                "/__test/hold",
                get(move || async move {
                    n.fetch_add(1, Ordering::SeqCst);
                    let _pass = g.acquire().await;
                    "released"
                }),
            )
        })
        .unwrap();
        let addr = sb.addr();
        let holders: Vec<_> = (0..2)
            .map(|_| std::thread::spawn(move || get_raw(addr, "/__test/hold")))
            .collect();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while inside.load(Ordering::SeqCst) < 2 {
            assert!(std::time::Instant::now() < deadline, "handlers never ran");
            std::thread::sleep(Duration::from_millis(2));
        }
        let (status, body) = get_raw(addr, "/__admin/clock");
        assert_eq!(status, 503, "{body}");
        assert!(body.contains("too many connections"), "{body}");
        gate.add_permits(2);
        for h in holders {
            assert_eq!(h.join().unwrap(), (200, "released".to_owned()));
        }
        assert_eq!(get_raw(addr, "/__admin/clock").0, 200);
    }

    #[test]
    fn zero_limits_are_refused() {
        for c in [
            Config {
                read_timeout: Duration::ZERO,
                ..Config::default()
            },
            Config {
                max_connections: 0,
                ..Config::default()
            },
        ] {
            let e = Sandbox::start(c).err().unwrap();
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{e}");
        }
    }
}
