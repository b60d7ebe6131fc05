//! `lede lsp`: the language server face of the engine.
//!
//! A thin adapter: documents live on ropey ropes ([`documents`]), LSP
//! positions become byte offsets in one place ([`convert`]), the engine's
//! two-phase API keeps a workspace [`crate::engine::CorpusIndex`] up to
//! date ([`workspace`], [`diagnostics`]), and the rest turns findings and
//! tags into hovers, code actions and navigation. No LSP type crosses into
//! the core. See `docs/lsp.md`.

pub mod actions;
pub mod annotate;
pub mod convert;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod navigation;
pub mod output;
pub mod server;
pub mod state;
pub mod suppress;
pub mod transport;
pub mod workspace;

use tower_lsp::{LspService, Server};

pub use state::Backend;

/// Serves LSP over stdio until the client exits.
pub fn serve() -> i32 {
    // Handler bodies run under `catch_unwind`; say so in the one stderr line.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("lede lsp: panic: {info} (handlers catch this and log it to the client)");
    }));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lede lsp: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let output = output::Output::stdout();
    let sink = output.sink();
    let for_backend = output.clone();
    let code = runtime.block_on(async {
        let (service, socket) =
            LspService::build(move |client| Backend::with_output(client, for_backend))
                .custom_method("lede/documentText", Backend::document_text)
                .custom_method("lede/parseError", Backend::parse_error)
                .custom_method("lede/debugPanic", Backend::debug_panic)
                .custom_method("lede/invalidRequest", Backend::invalid_request)
                .finish();
        // Frames are read on a plain thread and pass through a sanitiser,
        // so that one bad message does not end the session (see
        // `transport`).
        let (frames, reader) = transport::frames();
        let (closed, input_done) = tokio::sync::oneshot::channel::<transport::End>();
        let input = std::thread::Builder::new()
            .name("lede-lsp-input".into())
            .spawn(move || {
                let end = transport::pump(
                    std::io::stdin().lock(),
                    |f| frames.blocking_send(f).is_ok(),
                    |line| eprintln!("lede lsp: {line}"),
                );
                let _ = closed.send(end);
            });
        if let Err(e) = input {
            eprintln!("lede lsp: cannot start the input thread: {e}");
            return 2;
        }
        let serve = Server::new(reader, sink, socket).serve(service);
        // `exit` ends the process at once. When the client closes stdin
        // instead, tower-lsp still waits for handlers that wait for the
        // client (a capability registration sent too late); give them a
        // moment to finish, then end.
        let input_closed = async {
            let end = input_done.await.unwrap_or(transport::End::Closed);
            if end == transport::End::Closed {
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            }
            end
        };
        tokio::select! {
            _ = serve => 0,
            end = input_closed => end.code(),
        }
    });
    // Handlers still waiting on the client would keep a plain drop waiting.
    runtime.shutdown_background();
    output.finish(std::time::Duration::from_secs(5));
    code
}
