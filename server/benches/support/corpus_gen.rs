//! A deterministic generator of synthetic news articles in the style lede
//! checks: stiff machine-translated English with the kinds of damage
//! scraping and translation leave behind, sprinkled at realistic rates.
//!
//! Shared by the benchmarks (`benches/engine.rs`) and the
//! `gen_corpus` example through `#[path]`, so both measure the same text.
//! Everything here is self-written: the towns, companies and people are
//! invented, and the sentences are templates filled from small word lists.
//!
//! The output depends only on `(seed, index)`: article `i` of seed `s` is
//! the same text however many articles are generated, and in whatever order.
#![allow(dead_code)]

/// xorshift64* seeded through splitmix64: tiny, fast and good enough to
/// pick words; not for anything that needs real randomness.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(z | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// One of a static word list.
    pub fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
}

const TOWNS: &[&str] = &[
    "Lanwei",
    "Qiaoshan",
    "Dorvik",
    "Helmsbury",
    "Tanbei",
    "Yunxiao",
    "Brackwater",
    "Osterfen",
    "Shuangmo",
    "Keldrum",
    "Fenhollow",
    "Maqiao",
];

const PROVINCES: &[&str] = &["Norhai", "Westmarch", "Lisong", "Carrow"];

/// Companies: (country-prefixed?, name). Country-prefixed names can be
/// mistranslated with the adjective (`Chinese Hengtai ...`).
const COMPANIES: &[(bool, &str)] = &[
    (true, "China Hengtai Copper Group"),
    (false, "Qiaoshan Glass Co. Ltd."),
    (false, "Dorvik Port Holding Group"),
    (false, "Yunxiao Photovoltaic Technology Co. Ltd."),
    (true, "China Keldrum Cable Group"),
    (false, "Tanbei Grain Logistics Co. Ltd."),
    (false, "Osterfen Rail Equipment Group"),
    (false, "Brackwater Textile Printing Co. Ltd."),
    (true, "China Shuangmo Salt Industry Group"),
    (false, "Fenhollow Lithium Materials Co. Ltd."),
];

const PEOPLE: &[&str] = &[
    "Ma Ruolin",
    "Liu Dezhao",
    "Wen Qiuyan",
    "Zhao Minghe",
    "Fang Jiaxu",
    "Tor Halvorsen",
    "Lu Shengmei",
    "Kong Weiran",
    "Bai Yutong",
    "Edda Marlow",
    "Qu Haolan",
    "Sun Jingpo",
];

const TITLES: &[&str] = &["Governor", "Mayor", "Secretary", "Chairman", "Director"];

const SECTORS: &[&str] = &[
    "copper processing",
    "photovoltaic",
    "grain logistics",
    "rail equipment",
    "textile printing",
    "salt chemical",
    "lithium battery",
    "port shipping",
    "glass deep processing",
    "cold chain",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const SITES: &[&str] = &[
    "Norhai Finance",
    "Lanwei Daily Online",
    "Westmarch Economic Net",
    "Carrow Business Herald",
];

/// Site furniture shared across many files.
const FOOTERS: &[&str] = &[
    "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nComment\n\nName *\n\nEmail *",
    "Leave a Comment\n\nYour email address will not be published. Required fields are marked *",
    "Related Pages\n\nLanwei port opens second container berth\n\nTanbei grain reserve passes spring inspection",
    "Share this:\n\nWeChat\n\nWeibo\n\nPrint",
    "Norhai Finance | About us | Contact us | Advertising\n\nCopyright 2024 Norhai Finance All Rights Reserved",
];

/// What to put into one article, picked from the article's own RNG.
struct Cast {
    town: &'static str,
    province: &'static str,
    company: (bool, &'static str),
    person: &'static str,
    other: &'static str,
    title: &'static str,
    sector: &'static str,
    year: u64,
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A company name as this article writes it: usually the canonical form,
/// sometimes a translation variant (adjective for the country, a word in
/// lower case).
fn company_variant(rng: &mut Rng, company: (bool, &str)) -> String {
    if company.0 {
        company.1.replacen("China ", "Chinese ", 1)
    } else {
        let words: Vec<&str> = company.1.split(' ').collect();
        let k = 1 + rng.below(words.len().saturating_sub(2).max(1));
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == k {
                    lower_first(w)
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A sentence put together from parts, so that an article rarely says the
/// same thing twice (real articles don't; a handful of fixed templates
/// repeated through an article made every paragraph a near-duplicate of
/// another, which no real corpus looks like).
fn varied_sentence(rng: &mut Rng, c: &Cast, company: &str) -> String {
    const OPENERS: &[&str] = &[
        "In recent years,",
        "According to the plan,",
        "At the meeting,",
        "Last month,",
        "In the next step,",
        "Over the past year,",
        "During the inspection,",
        "Meanwhile,",
        "To this end,",
        "In addition,",
    ];
    const VERBS: &[&str] = &[
        "has stepped up support for",
        "plans to expand",
        "will speed up the upgrading of",
        "signed agreements on",
        "invested heavily in",
        "set up a special fund for",
        "held talks on",
        "issued guidelines for",
        "completed the first phase of",
        "launched a campaign to promote",
        "opened a training centre for",
        "reported steady progress in",
    ];
    const OBJECTS: &[&str] = &[
        "the supply of raw materials",
        "smart warehouses along the river",
        "rural cooperatives",
        "export-oriented workshops",
        "the new logistics hub",
        "vocational training",
        "energy saving equipment",
        "the second industrial zone",
        "cross-border e-commerce",
        "water treatment plants",
        "digital services for farmers",
    ];
    let subject = match rng.below(8) {
        0 => format!("the {} government", c.town),
        1 => company.to_string(),
        2 => c.person.to_string(),
        3 => "local enterprises".to_string(),
        4 => format!("the {} association", c.sector),
        5 => "the management committee".to_string(),
        6 => format!("the {} department of commerce", c.province),
        _ => "many small and medium-sized firms".to_string(),
    };
    let object = if rng.chance(0.3) {
        format!("{} projects", c.sector)
    } else {
        rng.pick(OBJECTS).to_string()
    };
    let tail = match rng.below(10) {
        0 => " in the northern district".to_string(),
        1 => format!(" with a budget of {} million yuan", rng.range(2, 900)),
        2 => format!(" covering {} villages", rng.range(3, 80)),
        3 => " by the end of the year".to_string(),
        4 => format!(" together with {} partner companies", rng.range(2, 30)),
        5 => format!(" to create {} jobs", rng.range(20, 5000)),
        6 => " on a trial basis".to_string(),
        7 => " under the new rules".to_string(),
        8 => " after a long delay".to_string(),
        _ => String::new(),
    };
    format!(
        "{} {} {} {}{}.",
        rng.pick(OPENERS),
        subject,
        rng.pick(VERBS),
        object,
        tail
    )
}

/// One ordinary sentence of article text: mostly put together from parts,
/// sometimes one of the fixed templates that carry numbers and names.
fn sentence(rng: &mut Rng, c: &Cast, company: &str) -> String {
    if rng.chance(0.6) {
        varied_sentence(rng, c, company)
    } else {
        template_sentence(rng, c, company)
    }
}

/// One of the fixed templates.
fn template_sentence(rng: &mut Rng, c: &Cast, company: &str) -> String {
    let n = rng.range(2, 980);
    let p = rng.range(3, 99);
    let k = rng.range(2, 40);
    match rng.below(16) {
        0 => format!(
            "{} {} went to {} to investigate the production and operation, and listened to the report of the responsible person of the enterprise.",
            c.title, c.person, company
        ),
        1 => format!(
            "In the first quarter of this year, the {} output of {} reached {},{:03} tons, an increase of {}% over the same period last year.",
            c.sector, c.town, k, n, p
        ),
        2 => format!(
            "{} pointed out that it is necessary to firmly grasp the key link of project construction, and promote the {} industry to a new level.",
            c.person, c.sector
        ),
        3 => format!(
            "The total investment of the project is {} billion yuan, the designed capacity is {} GW, and it is expected to be put into operation at the end of {}.",
            n, k, c.year + 1
        ),
        4 => format!(
            "On {} {}, {}, the {} municipal government held a meeting to study the work of {} and the safety of production.",
            rng.pick(MONTHS), rng.range(1, 28), c.year, c.town, c.sector
        ),
        5 => format!(
            "{} has built {} production lines, with an annual output of {},000 tons of products and a storage capacity of {} GWh.",
            company, k, n, rng.range(2, 60)
        ),
        6 => format!(
            "He stressed that all departments should strengthen confidence, take the initiative, and do a good job in the \"{}+{}\" work arrangement.",
            rng.range(1, 3), rng.range(2, 9)
        ),
        7 => format!(
            "The masses said “the new road is really convenient”, and the city’s satisfaction rate with the {} services reached {}%.",
            c.sector, p
        ),
        8 => format!(
            "At present, the {} industrial park has attracted {} enterprises to settle in, and realized the output value of {} billion yuan.",
            c.town, k, n
        ),
        9 => format!(
            "The meeting required to deepen the reform of the supply side, reduce costs, prevent risks, and ensure the steady growth of the {} economy.",
            c.sector
        ),
        10 => format!(
            "{} and his entourage came to the {} {} industrial park, and understood in detail the sales of products and the construction of the new workshop.",
            c.person, c.town, c.sector
        ),
        11 => format!(
            "Since the beginning of this year, {} has adhered to the path of innovation, increased investment in R & D, and cultivated {} high-tech enterprises.",
            c.town, k
        ),
        12 => format!(
            "{} province will continue to implement the \"{}th Five-Year\" plan for the {} industry, and strive to form a number of leading enterprises.",
            c.province, rng.range(11, 14), c.sector
        ),
        13 => format!(
            "According to {}, the order book of the enterprise has been full for {} consecutive months, and the products are sold to {} countries and regions.",
            c.other, k, rng.range(3, 60)
        ),
        14 => format!(
            "{} said that the {} of {} is willing to work with {} to build an open, shared and mutually beneficial platform.",
            c.other, lower_first(c.title), c.town, company
        ),
        _ => format!(
            "The two sides exchanged views on strengthening cooperation in {}, talent training and green transformation, and reached a broad consensus.",
            c.sector
        ),
    }
}

/// A sentence carrying one kind of damage.
fn damaged_sentence(rng: &mut Rng, c: &Cast, kind: usize) -> String {
    match kind {
        // A glued number with its decimal split off.
        0 => format!(
            "The {} industry realized the added value of {} billion yuan, accounting {} of the {}{}% of the total.",
            c.sector,
            rng.range(2, 90),
            rng.range(10, 97),
            if rng.chance(0.5) { "county" } else { "city" },
            rng.range(1, 9)
        ),
        // An impossible percentage-point change.
        1 => format!(
            "The proportion of {} in the industrial structure rose by {} percentage points.",
            c.sector,
            rng.range(120, 480)
        ),
        // Two bare numbers side by side.
        2 => format!(
            "The plan is to cultivate {} {} billion enterprises in the {} industry by {}.",
            rng.range(1, 9),
            rng.range(10, 50),
            c.sector,
            c.year + 3
        ),
        // A magnitude in pieces.
        3 => format!(
            "The contract value of the project is {} billion {} million yuan.",
            rng.range(2, 9),
            rng.range(1, 9) * 100
        ),
        // A list with an empty slot.
        4 => format!(
            "{}, {}, and, respectively, attended the signing ceremony and delivered speeches.",
            c.person, c.other
        ),
        // A sentence cut off after a function word.
        _ => format!(
            "The meeting also listened to the report on the cooperation between the two sides of the. {} said that the work must be done well.",
            c.person
        ),
    }
}

/// Article `index` of the corpus of `seed`.
pub fn article(seed: u64, index: usize) -> String {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let c = Cast {
        town: rng.word(TOWNS),
        province: rng.word(PROVINCES),
        company: *rng.pick(COMPANIES),
        person: rng.word(PEOPLE),
        other: rng.word(PEOPLE),
        title: rng.word(TITLES),
        sector: rng.word(SECTORS),
        year: rng.range(2012, 2024),
    };
    let target = rng.range(4000, 6000) as usize;
    // Which damage this article carries.
    let variant = rng
        .chance(0.12)
        .then(|| company_variant(&mut rng, c.company));
    let alias = rng.chance(0.06);
    let mangled_date = rng.chance(0.05);
    let duplicate = rng.chance(0.05);
    let blank_run = rng.chance(0.10);
    let indent = rng.chance(0.25);
    let lower_title = rng.chance(0.08);

    let mut out = String::with_capacity(target + 512);
    // Headline.
    let headline_person = if lower_title {
        format!("{} {}", lower_first(c.title), c.person)
    } else {
        format!("{} {}", c.title, c.person)
    };
    out.push_str(&format!(
        "{} research {} {} industrial park\n\n",
        headline_person, c.town, c.sector
    ));
    if rng.chance(0.35) {
        out.push_str(&format!(
            "{} Updated on {}-{:02}-{:02}\n\n",
            rng.pick(SITES),
            c.year,
            rng.range(1, 12),
            rng.range(1, 28)
        ));
    }

    let mut paragraphs: Vec<String> = Vec::new();
    let mut first = String::new();
    if mangled_date {
        first.push_str(&format!(
            "{} {}, the {} provincial government and {} signed a strategic cooperation agreement. ",
            rng.range(1, 12),
            rng.range(1, 28),
            c.province,
            c.company.1
        ));
    } else {
        first.push_str(&format!(
            "On {} {}, {} went to {} to investigate, and chaired a forum on the {} industry. ",
            rng.pick(MONTHS),
            rng.range(1, 28),
            headline_person,
            c.company.1,
            c.sector
        ));
    }
    if alias {
        first.push_str(&format!(
            "The {} Economic and Technological Development Zone (hereinafter referred to as the \"Development Zone\") was the first stop. ",
            c.town
        ));
    }
    first.push_str(&sentence(&mut rng, &c, c.company.1));
    paragraphs.push(first);

    let mut size = paragraphs[0].len();
    let mut used_variant = false;
    let mut used_alias = false;
    while size < target {
        let mut p = String::new();
        for s in 0..rng.range(3, 6) {
            if s > 0 {
                p.push(' ');
            }
            if rng.chance(0.025) {
                let kind = rng.below(6);
                p.push_str(&damaged_sentence(&mut rng, &c, kind));
            } else if !used_variant && variant.is_some() && rng.chance(0.3) {
                used_variant = true;
                p.push_str(&sentence(&mut rng, &c, variant.as_deref().unwrap()));
            } else if alias && !used_alias && rng.chance(0.3) {
                used_alias = true;
                p.push_str(&format!(
                    "In the next step, the development zone will focus on the {} industry and introduce a number of major projects.",
                    c.sector
                ));
            } else {
                p.push_str(&sentence(&mut rng, &c, c.company.1));
            }
        }
        size += p.len() + 2;
        paragraphs.push(p);
    }
    if duplicate && paragraphs.len() > 2 {
        let copy = paragraphs[0].clone();
        let at = 2 + rng.below(paragraphs.len() - 2);
        paragraphs.insert(at, copy);
    }

    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push_str(if blank_run && rng.chance(0.2) {
                "\n\n\n\n\n"
            } else {
                "\n\n"
            });
        }
        if indent && rng.chance(0.5) {
            out.push_str(if rng.chance(0.2) { "\u{a0} " } else { "  " });
        }
        out.push_str(p);
    }
    out.push('\n');
    if rng.chance(0.3) {
        out.push_str(&format!("\n(Reporter: {})\n", c.other));
    }
    if rng.chance(0.75) {
        out.push('\n');
        out.push_str(rng.word(FOOTERS));
        out.push('\n');
    }
    out
}

/// The id of article `index`, also its file stem.
pub fn id(index: usize) -> String {
    format!("article_{index:06}")
}

/// Articles `0..n` of the corpus of `seed`.
pub fn corpus(seed: u64, n: usize) -> Vec<String> {
    (0..n).map(|i| article(seed, i)).collect()
}

/// One long text of at least `bytes` bytes: articles joined by blank lines.
pub fn long_text(seed: u64, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 8192);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&article(seed, i));
        out.push('\n');
        i += 1;
    }
    out
}

/// Article `index` of the corpus of `seed` with its people, companies,
/// towns and provinces tagged (`[Ma Ruolin]{PER}`, some companies with an
/// id: `{ORG:dorvik-port}`), longest name first and whole words only, and
/// a bracketed note escaped as a tagged article writes it (`\[1\]`), so
/// that tag exchange has realistic input.
pub fn tagged_article(seed: u64, index: usize) -> String {
    let plain = article(seed, index);
    let mut names: Vec<(&str, &str, Option<String>)> = Vec::new();
    for (k, (_, c)) in COMPANIES.iter().enumerate() {
        let id = (k % 2 == 0).then(|| {
            c.split(' ')
                .take(2)
                .collect::<Vec<_>>()
                .join("-")
                .to_lowercase()
        });
        names.push((c, "ORG", id));
    }
    names.extend(PEOPLE.iter().map(|p| (*p, "PER", None)));
    names.extend(TOWNS.iter().chain(PROVINCES).map(|t| (*t, "LOC", None)));
    names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
    let bytes = plain.as_bytes();
    let mut taken = vec![false; bytes.len()];
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (k, (name, _, _)) in names.iter().enumerate() {
        for (at, _) in plain.match_indices(name) {
            let end = at + name.len();
            let word_edge = |i: Option<&u8>| i.is_none_or(|b| !b.is_ascii_alphanumeric());
            if taken[at..end].iter().any(|&t| t)
                || !word_edge(at.checked_sub(1).and_then(|i| bytes.get(i)))
                || !word_edge(bytes.get(end))
            {
                continue;
            }
            taken[at..end].iter_mut().for_each(|t| *t = true);
            found.push((at, end, k));
        }
    }
    found.sort_unstable();
    let mut out = String::with_capacity(plain.len() + found.len() * 8 + 16);
    let mut pos = 0;
    for (at, end, k) in found {
        let (_, label, id) = &names[k];
        out.push_str(&plain[pos..at]);
        out.push('[');
        out.push_str(&plain[at..end]);
        out.push_str("]{");
        out.push_str(label);
        if let Some(id) = id {
            out.push(':');
            out.push_str(id);
        }
        out.push('}');
        pos = end;
    }
    out.push_str(&plain[pos..]);
    if index.is_multiple_of(7) {
        out.push_str("\nSee note \\[1\\] on the figures.\n");
    }
    out
}
