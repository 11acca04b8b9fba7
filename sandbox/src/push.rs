//! The pusher: POSTs notifications (webhooks) to merchants' URLs from a background thread, in
//! the order they were queued, each retried on a non-2xx answer or a connection error (at most
//! [`ATTEMPTS`] attempts, [`BACKOFF_MS`] of real time apart), every attempt recorded.
//!
//! It knows nothing of Paytm: what is sent and where is decided by `server::webhook`. One
//! thread delivers one notification at a time, so a notification queued after another is never
//! delivered before it (the out-of-order instrument relies on that). Only `http://` URLs are
//! supported (the sandbox links no TLS).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

/// How many times a notification is tried.
pub const ATTEMPTS: usize = 5;
/// The real-time waits between the attempts.
pub const BACKOFF_MS: [u64; ATTEMPTS - 1] = [100, 200, 400, 800];
/// How long one attempt may take (connect, send, answer).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);

/// One notification to deliver.
#[derive(Debug, Clone)]
pub struct Notification {
    /// What it is (`payment`, `refund`), for the delivery log.
    pub kind: &'static str,
    /// The order it is about, for the delivery log.
    pub order_id: String,
    /// Where it goes.
    pub url: String,
    /// The `Content-Type` it is sent with.
    pub content_type: &'static str,
    /// The exact bytes sent.
    pub body: String,
}

/// One attempt at a delivery.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// The HTTP status answered, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why no status was answered (connection refused, timeout …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A notification and what became of it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// Its place in the queue (1, 2, …).
    pub seq: u64,
    /// `payment` or `refund`.
    pub kind: &'static str,
    /// The order it is about.
    pub order_id: String,
    /// Where it went.
    pub url: String,
    /// `queued`, `delivered` (a 2xx answer) or `failed` (every attempt refused).
    pub state: &'static str,
    /// Every attempt, in order.
    pub attempts: Vec<Attempt>,
    /// The body sent.
    pub body: String,
}

/// The queue and its delivery thread. Dropping it lets the thread finish what is queued and end.
pub struct Pusher {
    tx: Mutex<Sender<(u64, Notification)>>,
    log: Arc<Mutex<Vec<Delivery>>>,
    next: AtomicU64,
}

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing panics while holding these; if something did, the data is still usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Pusher {
    /// A pusher with its delivery thread started.
    pub fn start() -> std::io::Result<Pusher> {
        let (tx, rx) = channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread_log = log.clone();
        std::thread::Builder::new()
            .name("paytm-sandbox-push".into())
            .spawn(move || deliver_all(rx, &thread_log))?;
        Ok(Pusher {
            tx: Mutex::new(tx),
            log,
            next: AtomicU64::new(1),
        })
    }

    /// Queues `n`; returns its sequence number.
    pub fn push(&self, n: Notification) -> u64 {
        let seq = self.next.fetch_add(1, Ordering::Relaxed);
        let mut log = locked(&self.log);
        log.push(Delivery {
            seq,
            kind: n.kind,
            order_id: n.order_id.clone(),
            url: n.url.clone(),
            state: "queued",
            attempts: Vec::new(),
            body: n.body.clone(),
        });
        drop(log);
        if locked(&self.tx).send((seq, n)).is_err() {
            // The thread is gone (it never panics; only at shutdown): recorded as failed.
            let mut log = locked(&self.log);
            if let Some(d) = log.iter_mut().find(|d| d.seq == seq) {
                d.state = "failed";
            }
        }
        seq
    }

    /// Forgets the delivery log (a notification still queued is tried once more at most, unrecorded).
    pub fn clear(&self) {
        locked(&self.log).clear();
    }

    /// Every delivery so far, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        locked(&self.log).clone()
    }
}

fn deliver_all(rx: Receiver<(u64, Notification)>, log: &Mutex<Vec<Delivery>>) {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(ATTEMPT_TIMEOUT))
        .max_redirects(0)
        .build()
        .new_agent();
    while let Ok((seq, n)) = rx.recv() {
        let mut waits = BACKOFF_MS.iter();
        loop {
            let attempt = match agent
                .post(&n.url)
                .header("Content-Type", n.content_type)
                .send(n.body.as_bytes())
            {
                Ok(mut r) => {
                    // Read the answer so the connection can be reused; its text does not matter.
                    let _ = r.body_mut().read_to_vec();
                    Attempt {
                        status: Some(r.status().as_u16()),
                        error: None,
                    }
                }
                Err(e) => Attempt {
                    status: None,
                    error: Some(e.to_string()),
                },
            };
            let ok = attempt.status.is_some_and(|s| (200..300).contains(&s));
            let mut l = locked(log);
            let Some(d) = l.iter_mut().find(|d| d.seq == seq) else {
                break; // the log was cleared (a reset): not retried
            };
            d.attempts.push(attempt);
            if ok {
                d.state = "delivered";
                break;
            }
            let Some(ms) = waits.next() else {
                d.state = "failed";
                break;
            };
            drop(l);
            std::thread::sleep(Duration::from_millis(*ms));
        }
    }
}

/// Where webhooks go, which were pushed, and the pusher: the sandbox's shared webhook state
/// (what is sent is `server::webhook`'s).
pub struct Webhooks {
    pusher: Pusher,
    /// `Config::webhook_url`: every merchant's, unless the admin call sets another.
    configured: Option<String>,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Set by the admin call: MID → URL; `""` → every merchant's.
    urls: HashMap<String, String>,
    /// What was notified already (a payment attempt's txnId): once each.
    done: HashSet<String>,
}

impl Webhooks {
    /// Webhooks to `configured` (for every merchant) unless set otherwise; the thread started.
    pub fn new(configured: Option<String>) -> std::io::Result<Webhooks> {
        Ok(Webhooks {
            pusher: Pusher::start()?,
            configured,
            inner: Mutex::new(Inner::default()),
        })
    }

    /// The webhook URL of merchant `mid`, if any.
    pub fn url_for(&self, mid: &str) -> Option<String> {
        let inner = locked(&self.inner);
        inner
            .urls
            .get(mid)
            .or_else(|| inner.urls.get(""))
            .cloned()
            .or_else(|| self.configured.clone())
            .filter(|u| !u.is_empty())
    }

    /// Sets (or with `""` removes) the URL of `mid` (`""`: every merchant's).
    pub fn set_url(&self, mid: &str, url: &str) {
        let mut inner = locked(&self.inner);
        if url.is_empty() {
            inner.urls.remove(mid);
        } else {
            inner.urls.insert(mid.to_owned(), url.to_owned());
        }
    }

    /// True the first time `id` is seen (then false): one notification per id.
    pub fn first_time(&self, id: &str) -> bool {
        locked(&self.inner).done.insert(id.to_owned())
    }

    /// Queues `n` (see [`Pusher::push`]).
    pub fn push(&self, n: Notification) -> u64 {
        self.pusher.push(n)
    }

    /// Every delivery so far, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.pusher.deliveries()
    }

    /// Forgets the admin-set URLs, what was notified and the delivery log (a reset).
    pub fn reset(&self) {
        *locked(&self.inner) = Inner::default();
        self.pusher.clear();
    }
}
