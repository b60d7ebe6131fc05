//! Worst-shape inputs for the linearity bench (`benches/linear.rs`) and
//! the growth test (`tests/linear.rs`): each builds about `n` bytes of one
//! shape that once cost time or memory growing with the square of `n`.
#![allow(dead_code)]

/// The shapes, by name.
/// A shape's name and its maker (text of about the given size in bytes).
pub type Shape = (&'static str, fn(usize) -> String);

pub const SHAPES: &[Shape] = &[
    ("one-line", one_line),
    ("brackets", brackets),
    ("no-spaces", no_spaces),
    ("many-tags", many_tags),
    ("numbers", numbers),
    ("capitalised", capitalised),
    ("alias-defs", alias_defs),
    ("fixes", fixes),
];

/// `piece(k)` repeated until `n` bytes.
fn fill(n: usize, mut piece: impl FnMut(usize) -> String) -> String {
    let mut s = String::with_capacity(n + 256);
    let mut k = 0;
    while s.len() < n {
        s.push_str(&piece(k));
        k += 1;
    }
    s
}

/// A short capitalised word made from `k` (distinct for each `k`).
fn word(mut k: usize) -> String {
    let mut w = String::from("Q");
    for _ in 0..3 {
        w.push((b'a' + (k % 26) as u8) as char);
        k /= 26;
    }
    w
}

/// Prose with no line break at all.
pub fn one_line(n: usize) -> String {
    fill(n, |k| {
        format!(
            "The {} plant of [{} Group]{{ORG}} made 12,5 00 tonnes in 2024, up 3.4 %. ",
            word(k),
            word(k + 7)
        )
    })
}

/// One line opening with `[`s, closed by as many tags (the probe).
pub fn brackets(n: usize) -> String {
    let mut s = "[".repeat(n / 2);
    while s.len() < n {
        s.push_str("x]{PER}");
    }
    s.push('\n');
    s
}

/// Letters and digits with no space or line break.
pub fn no_spaces(n: usize) -> String {
    fill(n, |k| format!("{}{k}x", word(k)))
}

/// Tag after tag on short lines.
pub fn many_tags(n: usize) -> String {
    fill(n, |k| {
        let end = if k % 8 == 7 { "\n" } else { " " };
        format!("[{} {}]{{PER:p{}}}{end}", word(k), word(k / 3), k % 50)
    })
}

/// Numbers, broken and whole, on lines of a paragraph.
pub fn numbers(n: usize) -> String {
    fill(n, |k| {
        let end = if k % 6 == 5 { "\n" } else { " " };
        format!(
            "{k} 000 1,2 34 5.6% 20 24 10: 30 {}.{} {end}",
            k % 97,
            k % 13
        )
    })
}

/// Capitalised words only: every run a name candidate.
pub fn capitalised(n: usize) -> String {
    fill(n, |k| {
        let end = if k % 12 == 11 { ".\n" } else { " " };
        format!("{} {}{end}", word(k), word(k * 7 + 3))
    })
}

/// An alias definition and a use written otherwise, again and again.
pub fn alias_defs(n: usize) -> String {
    fill(n, |_| {
        "The Lanshan Park (hereinafter referred to as the \"Lanshan Zone\") grew.\n\n\
         In 2024 the lanshan zone will expand.\n\n"
            .to_string()
    })
}

/// Lines that each get a fix (indentation, extra blank lines, a split
/// time, a doubled word pair).
pub fn fixes(n: usize) -> String {
    fill(n, |k| format!("   Line {k} opens at 10: 30 today.\n\n\n\n"))
}

/// A `lede.toml` with `entries` registry entities.
pub fn registry(entries: usize) -> String {
    let mut s = String::from("labels = [\"PER\", \"ORG\", \"LOC\", \"MISC\"]\n");
    for k in 0..entries {
        s.push_str(&format!(
            "[[entity]]\nid = \"e{k}\"\nname = \"{} {} Group\"\nlabel = \"ORG\"\naliases = [\"{} Group\"]\n",
            word(k),
            word(k + 1),
            word(k)
        ));
    }
    s
}
