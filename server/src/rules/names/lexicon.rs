//! The words the names rules know by name: country adjectives and their
//! nouns (a name's key uses the noun) and the titles that stand before a
//! person's name. (The connector words are the word pass's:
//! [`crate::scan::words::CONNECTORS`].)

/// Country adjective -> noun; a key uses the noun.
const COUNTRIES: &[(&str, &str)] = &[
    ("chinese", "china"),
    ("japanese", "japan"),
    ("american", "america"),
    ("british", "britain"),
    ("german", "germany"),
    ("french", "france"),
    ("russian", "russia"),
    ("korean", "korea"),
    ("indian", "india"),
    ("canadian", "canada"),
    ("australian", "australia"),
    ("italian", "italy"),
    ("spanish", "spain"),
];
/// Titles that stand before a person's name.
pub(crate) const TITLES: &[&str] = &[
    "governor",
    "mayor",
    "secretary",
    "chairman",
    "chairwoman",
    "president",
    "director",
    "minister",
    "premier",
    "professor",
    "commissioner",
    "ambassador",
    "general",
    "senator",
    "deputy",
];

#[inline]
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.eq_ignore_ascii_case(b)
}

#[inline]
pub(crate) fn country_noun(w: &str) -> Option<&'static str> {
    // Most words are rejected on length or first letter.
    let first = w.as_bytes().first()?.to_ascii_lowercase();
    if !(5..=10).contains(&w.len()) || !b"cjabgfrkis".contains(&first) {
        return None;
    }
    COUNTRIES
        .iter()
        .find(|(adj, _)| eq_ignore_case(adj, w))
        .map(|p| p.1)
}
