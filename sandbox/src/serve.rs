//! The HTTP server under the routes: the accept loop, one hyper HTTP/1 connection per client,
//! the limits that keep a hostile or broken client from pinning the sandbox, and the panic
//! boundary. It knows nothing of Paytm; it serves whatever `Router` it is given.
//!
//! - A request head must arrive within `read_timeout` of the server starting to wait for it
//!   (hyper's header read timeout; it also closes a keep-alive connection idle that long), else
//!   the connection is closed. The body must then arrive within another `read_timeout`, else
//!   `408` and close. Dribbling a byte at a time does not extend either: both are deadlines.
//! - At most `max_connections` connections are open at once. When one more arrives, the
//!   connection that has been waiting longest for a request (a head or body still arriving, or
//!   idle between requests) is dropped to make room; only when every connection is inside a
//!   handler is the new one answered `503` and closed. The accept loop never waits on a client.
//!   So half-sent requests cannot keep anyone out: each new client pushes out the oldest.
//! - A head over [`MAX_HEAD_BYTES`] is refused with `431` (a URI over 64 KiB with `414`), a body
//!   over [`MAX_BODY_BYTES`] with `413` (at once when `Content-Length` says so).
//! - A handler that panics answers `500`; the connection and the server carry on.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::{poll_fn, Future};
use std::panic::AssertUnwindSafe;
use std::pin::{pin, Pin};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::{Body as _, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// The largest request head (request line and headers): larger is `431`.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The largest request body: larger is `413`. Paytm's requests are a few KB.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// On stop: how long in-flight exchanges may take to finish before their connections are
/// dropped.
const DRAIN: Duration = Duration::from_secs(1);

/// What a client may use of the server.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub read_timeout: Duration,
    pub max_connections: u32,
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops accepting, lets in-flight
/// exchanges finish (at most [`DRAIN`]) and returns.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Slots::new(limits.max_connections as usize));
    let mut connections = JoinSet::new();
    let (stop, _) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
        };
        while connections.try_join_next().is_some() {}
        match slots.admit() {
            Some(slot) => {
                connections.spawn(connection(
                    stream,
                    app.clone(),
                    limits.read_timeout,
                    stop.subscribe(),
                    slot,
                ));
            }
            None => {
                connections.spawn(refuse_busy(stream));
            }
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let drained = async { while connections.join_next().await.is_some() {} };
    // Whatever is still open after that is dropped with the JoinSet (and the runtime).
    let _ = tokio::time::timeout(DRAIN, drained).await;
}

/// The open connections, and which of them may be dropped to make room for a new one.
struct Slots {
    max: usize,
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    next_id: u64,
    open: HashMap<u64, Slot>,
}

struct Slot {
    /// Since when it has been waiting for a request (head or body), or `None` while a handler
    /// runs (not to be dropped then).
    waiting_since: Option<Instant>,
    /// Tells the connection's task to drop the connection.
    evict: Arc<Notify>,
}

impl Slots {
    fn new(max: usize) -> Slots {
        Slots {
            max,
            table: Mutex::new(Table::default()),
        }
    }

    fn table(&self) -> MutexGuard<'_, Table> {
        // Nothing panics while holding it; if something did, the table is still consistent.
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot for a new connection: a free one, else the one of the connection that has waited
    /// longest for a request (which is told to go), else none.
    fn admit(self: &Arc<Self>) -> Option<SlotGuard> {
        let mut t = self.table();
        if t.open.len() >= self.max {
            let (_, victim) = t
                .open
                .iter()
                .filter_map(|(id, s)| s.waiting_since.map(|since| (since, *id)))
                .min()?;
            if let Some(s) = t.open.remove(&victim) {
                s.evict.notify_one();
            }
        }
        let id = t.next_id;
        t.next_id += 1;
        let evict = Arc::new(Notify::new());
        t.open.insert(
            id,
            Slot {
                waiting_since: Some(Instant::now()),
                evict: evict.clone(),
            },
        );
        Some(SlotGuard {
            slots: self.clone(),
            id,
            evict,
        })
    }

    fn set_waiting(&self, id: u64, since: Option<Instant>) {
        if let Some(s) = self.table().open.get_mut(&id) {
            s.waiting_since = since;
        }
    }
}

/// A connection's place in [`Slots`], given back when the connection ends.
struct SlotGuard {
    slots: Arc<Slots>,
    id: u64,
    evict: Arc<Notify>,
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        self.slots.table().open.remove(&self.id);
    }
}

/// An accept error is about one connection (the client gave up) or about the process (out of
/// file descriptors): pause a little on the second kind instead of spinning.
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind::*;
    if !matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted | WouldBlock
    ) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const BUSY: &str = "too many connections: every one of the sandbox's --max-connections \
                    connections is inside a handler; retry in a moment\n";

/// How long a refused connection is read (and what it sent discarded) after its 503 before it
/// is closed.
const LINGER: Duration = Duration::from_secs(1);

/// No slot (every connection is running a handler): answer 503 at once, without waiting for
/// the request, then close. The close lingers: the write side is shut down and whatever the
/// client sends (its request may still be on its way) is read and discarded until it closes or
/// [`LINGER`] passes. Closing a socket with unread input makes the kernel send a reset, which
/// can reach the client before it reads the 503 (or fail its write with "broken pipe").
async fn refuse_busy(mut stream: TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{BUSY}",
        BUSY.len()
    );
    if stream.write_all(answer.as_bytes()).await.is_err() || stream.shutdown().await.is_err() {
        return;
    }
    let drain = async {
        let mut sink = [0u8; 4096];
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

async fn connection(
    stream: TcpStream,
    app: Router,
    read_timeout: Duration,
    mut stop: watch::Receiver<bool>,
    slot: SlotGuard,
) {
    let _ = stream.set_nodelay(true);
    let (slots, id) = (slot.slots.clone(), slot.id);
    let service =
        service_fn(move |req| exchange(app.clone(), read_timeout, slots.clone(), id, req));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(read_timeout)
        .max_header_size(MAX_HEAD_BYTES)
        .max_buf_size(MAX_HEAD_BYTES);
    let mut conn = pin!(builder.serve_connection(TokioIo::new(stream), service));
    tokio::select! {
        _ = conn.as_mut() => return,
        // Dropped to make room: returning drops the connection (and closes the socket).
        () = slot.evict.notified() => return,
        _ = stop.wait_for(|stopping| *stopping) => conn.as_mut().graceful_shutdown(),
    }
    let _ = conn.await;
}

/// One request: read the body (bounded in size and time), route it, and turn a panic into 500.
async fn exchange(
    app: Router,
    read_timeout: Duration,
    slots: Arc<Slots>,
    id: u64,
    req: Request<Incoming>,
) -> Result<Response, Infallible> {
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Ok(too_large());
    }
    let bytes = match tokio::time::timeout(read_timeout, read_body(body)).await {
        Err(_) => {
            return Ok(refusal(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request body did not arrive within {} ms\n",
                    read_timeout.as_millis()
                ),
            ))
        }
        Ok(Err(BodyError::TooLarge)) => return Ok(too_large()),
        Ok(Err(BodyError::Broken)) => {
            return Ok(refusal(
                StatusCode::BAD_REQUEST,
                "the request body is malformed\n".to_owned(),
            ))
        }
        Ok(Ok(bytes)) => bytes,
    };
    let req = Request::from_parts(parts, Body::from(bytes));
    // Inside the handler the connection is not to be dropped; then it waits again.
    slots.set_waiting(id, None);
    let routed = CatchUnwind(Box::pin(app.oneshot(req))).await;
    slots.set_waiting(id, Some(Instant::now()));
    match routed {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(never)) => match never {},
        Err(_panic) => Ok((
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "internal error: this request made the sandbox fail (a bug: please report it with \
             the request); the sandbox keeps serving\n",
        )
            .into_response()),
    }
}

enum BodyError {
    TooLarge,
    Broken,
}

async fn read_body(mut body: Incoming) -> Result<Bytes, BodyError> {
    let mut out = Vec::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| BodyError::Broken)?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > MAX_BODY_BYTES {
                return Err(BodyError::TooLarge);
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(out))
}

fn too_large() -> Response {
    refusal(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the request body is larger than {MAX_BODY_BYTES} bytes\n"),
    )
}

/// A refusal before routing. The body may be partly unread, so the connection closes after it.
fn refusal(status: StatusCode, text: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CONNECTION, "close"),
        ],
        text,
    )
        .into_response()
}

/// A future that reports a panic in `poll` as `Err` instead of unwinding through the server.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = std::thread::Result<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        // Unwind safety: after a panic the future is never polled again; the state it shared
        // (the orders) sits behind a mutex whose poisoning every handler tolerates.
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}
