//! # paytm-sandbox
//!
//! An offline, Paytm-compatible gateway for tests and demos: the server side of the APIs the
//! `paytm-checkout` engine uses, on 127.0.0.1, with in-memory state, test instruments that choose
//! each outcome ([`instruments`]) and a clock that an admin endpoint advances. Point the engine at
//! it with `Environment::custom(sandbox.base_url())`. The endpoints and instruments are documented
//! in `docs/sandbox.md`.
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

pub mod host;
pub mod html;
pub mod instruments;
mod server;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;

use paytm_checkout::MerchantKey;

pub use server::{txn_date, OAUTH_OTP, TOKEN_VALIDITY_MS};

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
}

impl Default for Config {
    /// An ephemeral port and the test merchant.
    fn default() -> Config {
        Config {
            port: 0,
            merchants: vec![(TEST_MID.to_owned(), TEST_KEY.to_owned())],
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
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let mut merchants = Vec::new();
        for (mid, key) in &config.merchants {
            let k = MerchantKey::new(key.as_bytes()).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("merchant {mid}: {}", e.message()),
                )
            })?;
            merchants.push((mid.clone(), k));
        }
        let shared = Arc::new(server::Shared::new(format!("http://{addr}"), merchants));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("paytm-sandbox".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_io()
                    .build()?;
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    axum::serve(listener, server::router(shared))
                        .with_graceful_shutdown(async move {
                            let _ = rx.await;
                        })
                        .await
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
