//! `--format json` (one array) and `--format jsonl` (one finding a line).

use std::io::{self, Write};

use super::Report;

pub fn write_array(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    let all: Vec<_> = report.iter().map(|(i, f)| report.json(i, f)).collect();
    serde_json::to_writer_pretty(&mut *w, &all)?;
    writeln!(w)
}

pub fn write_lines(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    for (i, f) in report.iter() {
        serde_json::to_writer(&mut *w, &report.json(i, f))?;
        writeln!(w)?;
    }
    Ok(())
}
