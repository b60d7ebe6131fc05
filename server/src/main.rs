fn main() {
    // `lede lsp` serves the language server (`lede::lsp::serve`), `lede
    // check` / `rules` / `explain` the CLI; both return the exit code.
    std::process::exit(lede::cli::main());
}
