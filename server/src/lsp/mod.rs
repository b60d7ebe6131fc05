//! `lede lsp`: the language server face of the engine.

/// Serves LSP over stdio until the client exits.
pub fn serve() -> i32 {
    0
}
