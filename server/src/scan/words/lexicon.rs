//! The words the word pass knows by name: the connectors that may stand
//! lower case inside a name, found by a perfect hash built when
//! compiling, and the abbreviations whose period ends no clause.

/// Words that may stand inside a name in lower case.
pub const CONNECTORS: &[&str] = &[
    "and", "of", "the", "for", "in", "on", "at", "de", "du", "la", "le", "von", "van", "&",
];

/// Abbreviations whose period does not end a clause.
pub const ABBREVIATIONS: &[&str] = &[
    "Co", "Ltd", "Inc", "Corp", "Jr", "Sr", "St", "No", "Mr", "Mrs", "Ms", "Dr", "Prof", "Bros",
];

/// A word of one to three bytes as one number: its length and its bytes,
/// ASCII letters lowercased.
#[inline]
pub(super) const fn short_word_key(b: &[u8]) -> u32 {
    let mut key = b.len() as u32;
    let mut i = 0;
    while i < b.len() && i < 3 {
        key |= (b[i].to_ascii_lowercase() as u32) << (8 * (i + 1));
        i += 1;
    }
    key
}

/// The slot of a short word's key in [`CONNECTOR_SLOTS`]: a multiply and
/// a shift, with a multiplier that gives each connector a slot of its own.
#[inline]
const fn connector_slot(key: u32, multiplier: u32) -> usize {
    (key.wrapping_mul(multiplier) >> 27) as usize
}

/// The first odd multiplier (from a fixed start) under which no two
/// connectors share a slot, found when compiling.
const CONNECTOR_MULTIPLIER: u32 = {
    let mut m: u32 = 0x9e37_79b1;
    loop {
        let mut used = [false; 32];
        let mut ok = true;
        let mut i = 0;
        while i < CONNECTORS.len() {
            let slot = connector_slot(short_word_key(CONNECTORS[i].as_bytes()), m);
            if used[slot] {
                ok = false;
            }
            used[slot] = true;
            i += 1;
        }
        if ok {
            break m;
        }
        m = m.wrapping_add(2);
    }
};

/// Each connector's key in its slot; 0 (no word's key) elsewhere.
const CONNECTOR_SLOTS: [u32; 32] = {
    let mut slots = [0; 32];
    let mut i = 0;
    while i < CONNECTORS.len() {
        let key = short_word_key(CONNECTORS[i].as_bytes());
        slots[connector_slot(key, CONNECTOR_MULTIPLIER)] = key;
        i += 1;
    }
    slots
};

/// Whether `w` is one of [`CONNECTORS`], in any case. Called for every
/// word: one lookup, with no comparison of strings.
#[inline]
pub fn is_connector(w: &str) -> bool {
    is_connector_bytes(w.as_bytes())
}

/// [`is_connector`] on a word's bytes.
#[inline]
fn is_connector_bytes(b: &[u8]) -> bool {
    if b.is_empty() || b.len() > 3 {
        return false;
    }
    is_connector_key(short_word_key(b))
}

/// Whether a short word's key ([`short_word_key`]) is a connector's.
#[inline]
pub(super) fn is_connector_key(key: u32) -> bool {
    CONNECTOR_SLOTS[connector_slot(key, CONNECTOR_MULTIPLIER)] == key
}

#[cfg(test)]
mod tests {
    #[test]
    fn connectors_are_the_listed_words_in_any_case() {
        let by_list = |w: &str| super::CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(w));
        let mut words: Vec<String> = super::CONNECTORS.iter().map(|c| c.to_string()).collect();
        words.extend(super::CONNECTORS.iter().map(|c| c.to_uppercase()));
        words.extend(
            [
                "And", "tHe", "VON", "a", "I", "an", "to", "ofs", "thee", "o", "", "é", "dé",
                "the\0", "of\0", "an\0d", "andx", "&&", "& ", "\0", "\0\0\0",
            ]
            .map(String::from),
        );
        // Every one- to three-letter word.
        let letters: Vec<char> = ('a'..='z')
            .chain('A'..='Z')
            .chain(['&', '-', '0'])
            .collect();
        for a in &letters {
            words.push(a.to_string());
            for b in &letters {
                words.push(format!("{a}{b}"));
                for c in &letters {
                    words.push(format!("{a}{b}{c}"));
                }
            }
        }
        for w in &words {
            assert_eq!(super::is_connector(w), by_list(w), "{w:?}");
        }
    }
}
