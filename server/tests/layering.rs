//! The dependency rule, checked on the sources (a "tidy" test, as in
//! rust-analyzer): modules import only from layers below their own,
//!
//! ```text
//! base ← scan ← tags ← config ← rules ← engine ← {cli, lsp}
//! ```
//!
//! and all `unsafe` code and `std::arch` intrinsics live in `scan/`.
//!
//! Test code (`#[cfg(test)]` items) may drive the engine from any layer:
//! a rule's tests check it through `Engine::check`. The one upward edge
//! allowed in production code is the command dispatcher starting the
//! language server (`cli/mod.rs` → `crate::lsp::serve`).

use std::path::{Path, PathBuf};

/// The layers, lowest first. `cli` and `lsp` share the top rank but may
/// not import each other.
const LAYERS: &[(&str, u8)] = &[
    ("base", 0),
    ("scan", 1),
    ("tags", 2),
    ("config", 3),
    ("rules", 4),
    ("exchange", 4),
    ("engine", 5),
    ("cli", 6),
    ("lsp", 6),
];

/// Upward edges allowed on purpose: (file, path prefix it may use).
const ALLOWED: &[(&str, &str)] = &[("cli/mod.rs", "crate::lsp::serve")];

/// Files outside `scan/` that may hold `unsafe`, with the reason. The one
/// foreign call of the crate, glibc's `mallopt` tuning a check run's
/// allocator, stays beside the run it tunes: it is no byte kernel.
const UNSAFE_ALLOWED: &[&str] = &["cli/run.rs"];

fn rank(module: &str) -> Option<u8> {
    LAYERS.iter().find(|l| l.0 == module).map(|l| l.1)
}

/// The top-level module a source file belongs to (`rules/names/mod.rs`
/// -> `rules`, `config.rs` -> `config`); `None` for `lib.rs`/`main.rs`,
/// which sit above every layer.
fn module_of(rel: &str) -> Option<&str> {
    let first = rel.split('/').next()?;
    let m = first.strip_suffix(".rs").unwrap_or(first);
    rank(m).map(|_| m)
}

/// `src` with comments, string literals and `#[cfg(test)]` items blanked
/// out, so that only code that ships is checked. Line structure is kept.
fn production_code(src: &str) -> String {
    let code = strip_comments_and_strings(src);
    let mut out = String::with_capacity(code.len());
    let mut rest = code.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let end = item_end(item);
        out.extend(
            item[..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The length of the item starting at `s` (an attribute, then a `{...}`
/// block or a `;`).
fn item_end(s: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            ';' if depth == 0 => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Blanks `//` and `/* */` comments and string and char literals (raw
/// strings included), keeping newlines.
fn strip_comments_and_strings(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, s: &[u8]| {
        out.extend(s.iter().map(|&c| if c == b'\n' { b'\n' } else { b' ' }))
    };
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p);
            blank(&mut out, &b[i..end]);
            i = end;
        } else if b[i..].starts_with(b"/*") {
            let end = find(b, i + 2, b"*/").map_or(b.len(), |p| p + 2);
            blank(&mut out, &b[i..end]);
            i = end;
        } else if b[i] == b'r'
            && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'_')
        {
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                out.push(b[i]);
                i += 1;
                continue;
            }
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            let end = find(b, i + 2 + hashes, &close).map_or(b.len(), |p| p + close.len());
            blank(&mut out, &b[i..end]);
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(b.len());
            blank(&mut out, &b[i..end]);
            i = end;
        } else if b[i] == b'\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            let close = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map(|p| i + 2 + p)
            } else {
                let ch = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch) == Some(&b'\'')).then_some(i + 1 + ch)
            };
            match close {
                Some(c) => {
                    blank(&mut out, &b[i..=c]);
                    i = c + 1;
                }
                None => {
                    out.push(b[i]);
                    i += 1;
                }
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("only ASCII bytes were replaced")
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Every breach of the rule in one file (`rel` is its path under `src/`).
fn violations(rel: &str, src: &str) -> Vec<String> {
    let mut found = Vec::new();
    let all_code = strip_comments_and_strings(src);
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let in_scan = rel.starts_with("scan/");
    let may_be_unsafe = in_scan || UNSAFE_ALLOWED.contains(&rel);
    // `unsafe` and `std::arch` anywhere (tests too) outside scan/.
    if !in_scan {
        for (n, line) in all_code.lines().enumerate() {
            let lb = line.as_bytes();
            for (at, _) in line.match_indices("unsafe") {
                let before = at.checked_sub(1).map(|i| lb[i]);
                let after = lb.get(at + 6).copied();
                let word = before.is_none_or(|c| !is_word(c)) && after.is_none_or(|c| !is_word(c));
                if word && !may_be_unsafe {
                    found.push(format!("{rel}:{}: `unsafe` outside scan/", n + 1));
                }
            }
            if line.contains("std::arch") || line.contains("core::arch") {
                found.push(format!("{rel}:{}: `std::arch` outside scan/", n + 1));
            }
        }
    }
    let Some(me) = module_of(rel) else {
        return found;
    };
    let my_rank = rank(me).expect("a layer");
    let code = production_code(src);
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let path = &rest[at..];
            let target: String = path["crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            rest = &path["crate::".len()..];
            let before = line.len() - path.len();
            if before > 0 && is_word(line.as_bytes()[before - 1]) {
                continue; // `$crate::`, `lede_crate::`
            }
            let Some(their_rank) = rank(&target) else {
                continue;
            };
            if target == me {
                continue;
            }
            let upward = their_rank > my_rank || (their_rank == my_rank && target != me);
            let allowed = ALLOWED
                .iter()
                .any(|(file, prefix)| *file == rel && path.starts_with(prefix));
            if upward && !allowed {
                found.push(format!(
                    "{rel}:{}: `{me}` imports `crate::{target}`, which is not below it",
                    n + 1
                ));
            }
        }
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn imports_follow_the_layers_and_unsafe_stays_in_scan() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    assert!(files.len() > 30, "found only {} source files", files.len());
    let mut all = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(f).unwrap();
        all.extend(violations(&rel, &text));
    }
    assert!(all.is_empty(), "layering broken:\n{}", all.join("\n"));
}

/// The checker itself catches what it must, and only that: a forbidden
/// import added to a rule or to the config is reported, test code and
/// comments are not, and `unsafe` outside `scan/` is.
#[test]
fn a_forbidden_import_is_reported() {
    // A rule reaching up into the engine: the cycle this test exists for.
    let bad = "use crate::base::finding::Finding;\nuse crate::engine::Engine;\n";
    assert_eq!(
        violations("rules/numbers/glued_digits.rs", bad),
        ["rules/numbers/glued_digits.rs:2: `rules` imports `crate::engine`, which is not below it"]
    );
    // The config asking the rules, and the base layer asking the config.
    assert_eq!(
        violations("config.rs", "fn f() { crate::rules::all(); }").len(),
        1
    );
    assert_eq!(
        violations("base/finding.rs", "use crate::config::Config;").len(),
        1
    );
    // The two adapters are peers, not layers of each other.
    assert_eq!(violations("lsp/hover.rs", "use crate::cli::run;").len(), 1);
    assert_eq!(violations("cli/run.rs", "use crate::lsp::state;").len(), 1);
    // Downward imports, comments, strings and tests are fine.
    let fine = "use crate::base::text::Span;\nuse crate::scan::swar;\n\
                // see crate::engine::Engine\nconst S: &str = \"crate::engine\";\n\
                #[cfg(test)]\nmod tests {\n    use crate::engine::Engine;\n}\n";
    assert_eq!(violations("rules/names/mod.rs", fine), Vec::<String>::new());
    // The dispatcher may start the language server, and nothing else.
    assert!(violations("cli/mod.rs", "fn m() { crate::lsp::serve(); }").is_empty());
    assert_eq!(
        violations("cli/mod.rs", "fn m() { crate::lsp::state::x(); }").len(),
        1
    );
    // `unsafe` and intrinsics belong to the kernel layer.
    let fast = "fn f() { unsafe { std::arch::x86_64::_mm_setzero_si128() }; }";
    assert_eq!(violations("rules/structure/shingles.rs", fast).len(), 2);
    assert!(violations("scan/masks.rs", fast).is_empty());
    // A constructor named like the keyword is not the keyword.
    assert!(violations("rules/x.rs", "Fix::unsafe_(t, e); let not_unsafe = 1;").is_empty());
}
