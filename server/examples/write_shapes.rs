//! Writes each worst shape of `benches/support/shapes.rs` to a file, for
//! measuring `lede check` on them (time, peak memory):
//!
//! ```sh
//! cargo run --release --example write_shapes -- /tmp/shapes 1 4 16
//! /usr/bin/time -v target/release/lede check --format json /tmp/shapes/capitalised-1.txt > /dev/null
//! ```
//!
//! Each argument after the directory is a size in MiB; the files are named
//! `<shape>-<MiB>.txt`.

#[path = "../benches/support/shapes.rs"]
mod shapes;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: write_shapes DIR MIB [MIB ...]");
        return ExitCode::from(2);
    };
    let sizes: Vec<usize> = match args
        .map(|a| a.parse::<usize>())
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(s) if !s.is_empty() => s,
        _ => {
            eprintln!("write_shapes: each size must be a whole number of MiB");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("write_shapes: {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    for &mib in &sizes {
        for &(name, make) in shapes::SHAPES {
            let path = dir.join(format!("{name}-{mib}.txt"));
            if let Err(e) = std::fs::write(&path, make(mib << 20)) {
                eprintln!("write_shapes: {}: {e}", path.display());
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}
