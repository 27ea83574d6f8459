//! Listening: plain or TLS, connections admitted within their limits (in all and per
//! address), hyper's header-read and TLS handshake timeouts, and unfinished uploads expired.

use super::*;

/// Serves the protocol on `listener` until `shutdown` resolves, in clear: for loopback, tests,
/// or behind a TLS-terminating proxy. `serve_tls` is the same over TLS.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<ServerState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_connections(listener, state, None, shutdown).await
}

/// The server's TLS settings from its certificate chain and private key, both PEM (what
/// `rasoat serve --tls-cert F --tls-key F` reads). A district has no public CA: a self-signed
/// certificate does, and the communes trust it with `rasoat sync --ca F`.
pub fn tls_config(
    cert_pem: &[u8],
    key_pem: &[u8],
) -> Result<Arc<rustls::ServerConfig>, ServerError> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|source| ServerError::Certificate { source })?;
    if chain.is_empty() {
        return Err(ServerError::NoCertificate);
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|source| ServerError::PrivateKey { source })?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .map_err(|source| ServerError::KeyDoesNotFit { source })?;
    // The router speaks HTTP/1.1 only.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Serves the protocol over TLS on `listener` until `shutdown` resolves.
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    state: Arc<ServerState>,
    tls: Arc<rustls::ServerConfig>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let acceptor = tokio_rustls::TlsAcceptor::from(tls);
    serve_connections(listener, state, Some(acceptor), shutdown).await
}

/// A place among the open connections; dropping it (the connection closed) frees it.
pub(super) struct Admitted {
    state: Arc<ServerState>,
    address: IpAddr,
}

impl Admitted {
    /// A place for one more connection from `ip`, or `None` when the server or that address
    /// already holds its most.
    fn take(state: &Arc<ServerState>, ip: IpAddr) -> Option<Admitted> {
        let address = address_key(ip);
        let mut connections = lock(&state.connections);
        let connections = &mut *connections;
        if connections.total >= state.config.max_connections {
            return None;
        }
        let from_address = connections.per_address.entry(address).or_insert(0);
        if *from_address >= state.config.max_connections_per_address {
            return None;
        }
        *from_address += 1;
        connections.total += 1;
        Some(Admitted {
            state: Arc::clone(state),
            address,
        })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut connections = lock(&self.state.connections);
        connections.total = connections.total.saturating_sub(1);
        if let Some(count) = connections.per_address.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                connections.per_address.remove(&self.address);
            }
        }
    }
}

/// Drops unfinished uploads older than `upload_ttl`, now and then, for the server's life.
pub(super) async fn expire_uploads(state: Arc<ServerState>) {
    let every = (state.config.upload_ttl / 4).clamp(Duration::from_millis(100), MINUTE);
    loop {
        let ttl = i64::try_from(state.config.upload_ttl.as_millis()).unwrap_or(i64::MAX);
        let _ = with_store(&state, move |store, _| {
            Ok(store.expire_uploads(now_ms().saturating_sub(ttl))?)
        })
        .await;
        tokio::time::sleep(every).await;
    }
}

pub(super) const MINUTE: Duration = Duration::from_secs(60);

/// The accept loop: each connection in its own task, admitted within the connection limits,
/// its TLS handshake (if any) and each request head under a time limit, served by hyper's
/// HTTP/1.1 connection. On shutdown, connections finish their request in flight (a few
/// seconds at most) and close.
pub(super) async fn serve_connections(
    listener: tokio::net::TcpListener,
    state: Arc<ServerState>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(Arc::clone(&state));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let expiry = tokio::spawn(expire_uploads(Arc::clone(&state)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (tcp, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of descriptors and the like: wait rather than spin.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Some(admitted) = Admitted::take(&state, peer.ip()) else {
            // Over a limit: closed at once, which costs the server nothing to keep.
            continue;
        };
        // Small JSON requests and answers: do not wait to fill a segment.
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        let watcher = graceful.watcher();
        let handshake_timeout = state.config.tls_handshake_timeout;
        let header_read_timeout = state.config.header_read_timeout;
        tokio::spawn(async move {
            let _admitted = admitted;
            match tls {
                None => serve_connection(tcp, peer, app, header_read_timeout, watcher).await,
                Some(acceptor) => {
                    // A failed or stalled handshake (an untrusting client, a scanner) closes.
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(handshake_timeout, acceptor.accept(tcp)).await
                    {
                        serve_connection(stream, peer, app, header_read_timeout, watcher).await;
                    }
                }
            }
        });
    }
    expiry.abort();
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
    Ok(())
}

pub(super) async fn serve_connection<I>(
    io: I,
    peer: SocketAddr,
    app: Router,
    header_read_timeout: Duration,
    watcher: hyper_util::server::graceful::Watcher,
) where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        tower::ServiceExt::oneshot(app.clone(), request)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    let connection = builder.serve_connection(hyper_util::rt::TokioIo::new(io), service);
    // A connection that ends badly (cut, timed out) has nothing more to say.
    let _ = watcher.watch(connection).await;
}
