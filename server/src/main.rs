fn main() {
    // `lede lsp` serves the language server; everything else is the CLI.
    let code = if std::env::args().nth(1).as_deref() == Some("lsp") {
        lede::lsp::serve()
    } else {
        lede::cli::main()
    };
    std::process::exit(code);
}
