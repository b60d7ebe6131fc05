//! `--format github`: GitHub Actions workflow commands, one per finding,
//! which show up as annotations on the changed lines of a pull request.

use std::io::{self, Write};

use super::Report;
use crate::base::finding::Severity;

/// Escapes the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`, which delimit properties).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

pub fn write(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    for (i, f) in report.iter() {
        let j = report.json(i, f);
        writeln!(
            w,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            escape_property(&j.path),
            j.line,
            j.column,
            j.end_line,
            j.end_column,
            escape_property(j.rule),
            escape_data(&j.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
