//! The webhook's HTTP server: a time limit on reading a request's headers and on its body,
//! and a cap on open connections, so slow or idle clients (slowloris) cannot use up the
//! bot's file descriptors. axum's own `serve` sets none of these.

use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use crate::lograte::EveryFew;

/// A client has this long to send a request's headers (also a kept-alive connection's next
/// request), or the connection is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// And this long to send the body (Zalo's events are a few hundred bytes).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once; more are closed at once. Zalo needs a handful, the default
/// file limit is 1,024.
pub const MAX_CONNECTIONS: usize = 256;
/// Requests still running at a stop get this long to finish.
const DRAIN: Duration = Duration::from_secs(5);

/// Serves `router` on `listener` until `stop` turns true, then lets running requests finish.
pub async fn serve(listener: TcpListener, router: axum::Router, mut stop: watch::Receiver<bool>) {
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let refused_log = EveryFew::new(Duration::from_secs(60));
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.wait_for(|s| *s) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, most likely: wait instead of spinning.
                log::error!("zalo webhook: accept: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            if let Some(n) = refused_log.tick() {
                log::warn!(
                    "zalo webhook: {MAX_CONNECTIONS} connections open; {n} more closed at once"
                );
            }
            continue;
        };
        let conn = builder.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(router.clone()),
        );
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _permit = permit;
            if let Err(e) = conn.await {
                log::debug!("zalo webhook connection: {e}");
            }
        });
    }
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        log::warn!(
            "zalo webhook: requests still open after {} s; closed",
            DRAIN.as_secs()
        );
    }
}
