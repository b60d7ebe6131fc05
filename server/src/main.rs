fn main() {
    std::process::exit(lede::cli::main());
}
