//! Deterministic benchmark corpus: wiki-style JSONL documents of any size.
//!
//!     cargo run --release --example gen_corpus -- 20MB > /tmp/corpus-20MB.jsonl
//!
//! Each document mixes paragraphs of the sample documents in `input/`
//! (shuffled, so the corpus is not the same 260 paragraphs repeated) with
//! synthetic paragraphs whose names, places, organizations, dates and
//! amounts vary, and sprinkles the artifacts the cleaner removes
//! (`[edit]`, footnote marks, markdown). The same size and seed always give
//! the same bytes, so runs on different machines compare.

use std::io::{BufWriter, Write};
use std::path::Path;

/// splitmix64: tiny, fast, deterministic; quality is ample for shuffling.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const GIVEN: &[&str] = &[
    "Askar",
    "Sadyr",
    "Almazbek",
    "Kurmanbek",
    "Roza",
    "Nursultan",
    "Kassym-Jomart",
    "Islam",
    "Shavkat",
    "Emomali",
    "Vladimir",
    "Sergei",
    "Dmitry",
    "Li",
    "Wang",
    "Hu",
    "Angela",
    "John",
    "Maria",
    "Ahmed",
    "Fatima",
    "Daniar",
    "Marat",
    "Aigul",
    "Bolot",
    "Temir",
];
const SURNAMES: &[&str] = &[
    "Akayev",
    "Japarov",
    "Atambayev",
    "Bakiyev",
    "Otunbayeva",
    "Nazarbayev",
    "Tokayev",
    "Karimov",
    "Mirziyoyev",
    "Rahmon",
    "Putin",
    "Lavrov",
    "Medvedev",
    "Qiang",
    "Yi",
    "Jintao",
    "Merkel",
    "Smith",
    "Garcia",
    "Usenov",
    "Sultanov",
    "Satybaldiev",
    "Omurbekov",
    "Abdyldaev",
];
const ROLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Minister of Economy",
    "Ambassador",
    "Speaker",
    "Chairman",
];
const COUNTRIES: &[&str] = &[
    "Kyrgyzstan",
    "Kazakhstan",
    "Uzbekistan",
    "Tajikistan",
    "Turkmenistan",
    "China",
    "Russia",
    "Turkey",
    "Germany",
    "Japan",
    "the United States",
    "India",
    "Iran",
    "Pakistan",
    "Mongolia",
    "France",
    "South Korea",
    "Afghanistan",
    "Azerbaijan",
    "Georgia",
];
const CITIES: &[&str] = &[
    "Bishkek",
    "Osh",
    "Almaty",
    "Astana",
    "Tashkent",
    "Dushanbe",
    "Beijing",
    "Moscow",
    "Ankara",
    "Berlin",
    "Tokyo",
    "Washington",
    "Urumqi",
    "Kashgar",
    "Naryn",
    "Jalal-Abad",
    "Samarkand",
    "Geneva",
    "Vienna",
    "Shanghai",
];
const ORGS: &[&str] = &[
    "Shanghai Cooperation Organization",
    "Collective Security Treaty Organization",
    "Eurasian Economic Union",
    "Asian Development Bank",
    "World Bank",
    "International Monetary Fund",
    "United Nations",
    "OSCE",
    "European Union",
    "China National Petroleum Corporation",
    "Gazprom",
    "Kumtor Gold Company",
    "Ministry of Foreign Affairs",
    "National Bank of the Kyrgyz Republic",
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
const CURRENCIES: &[&str] = &["$", "US$", "EUR ", "€"];
const SCALES: &[&str] = &["million", "billion", "thousand"];
const WORDS: &[&str] = &[
    "relations",
    "between",
    "the",
    "two",
    "countries",
    "have",
    "developed",
    "steadily",
    "trade",
    "grew",
    "and",
    "investment",
    "in",
    "energy",
    "mining",
    "transport",
    "infrastructure",
    "agreement",
    "was",
    "signed",
    "after",
    "talks",
    "on",
    "security",
    "border",
    "cooperation",
    "of",
    "with",
    "a",
    "new",
    "programme",
    "for",
    "regional",
    "development",
    "water",
    "railway",
];

fn date(rng: &mut Rng) -> String {
    let year = 1991 + rng.below(35);
    let month = rng.pick(MONTHS);
    let day = 1 + rng.below(28);
    match rng.below(5) {
        0 => format!("{day} {month} {year}"),
        1 => format!("{month} {day}, {year}"),
        2 => format!("{month} {year}"),
        3 => format!("{year}"),
        _ => format!("the {}0s", 196 + rng.below(6)),
    }
}

fn money(rng: &mut Rng) -> String {
    let amount = 1 + rng.below(900);
    let scale = rng.pick(SCALES);
    match rng.below(3) {
        0 => format!("{}{amount} {scale}", rng.pick(CURRENCIES)),
        1 => format!(
            "{amount} {scale} {}",
            rng.pick(&["yuan", "som", "tenge", "rubles", "euros"])
        ),
        _ => format!("${amount}.{} {scale}", rng.below(10)),
    }
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(GIVEN), rng.pick(SURNAMES))
}

fn filler(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| rng.pick(WORDS)).collect::<Vec<_>>().join(" ")
}

fn synthetic_paragraph(rng: &mut Rng) -> String {
    let mut sentences = Vec::new();
    for _ in 0..3 + rng.below(4) {
        let s = match rng.below(6) {
            0 => format!(
                "{} {} of {} met {} in {} on {}",
                rng.pick(COUNTRIES).trim_start_matches("the "),
                rng.pick(ROLES),
                rng.pick(COUNTRIES),
                person(rng),
                rng.pick(CITIES),
                date(rng)
            ),
            1 => format!(
                "In {}, the {} approved a loan of {} to {} for {}",
                date(rng),
                rng.pick(ORGS),
                money(rng),
                rng.pick(COUNTRIES),
                filler(rng, 4)
            ),
            2 => format!(
                "{} said that {} {}",
                person(rng),
                filler(rng, 8),
                rng.pick(CITIES)
            ),
            3 => format!(
                "Trade between {} and {} reached {} in {}",
                rng.pick(COUNTRIES),
                rng.pick(COUNTRIES),
                money(rng),
                date(rng)
            ),
            4 => format!("The {} {}", rng.pick(ORGS), filler(rng, 10)),
            _ => format!("{} {}", filler(rng, 6), rng.pick(COUNTRIES)),
        };
        let mark = if rng.below(4) == 0 {
            format!("[{}]", 1 + rng.below(60))
        } else {
            String::new()
        };
        sentences.push(format!("{s}.{mark}"));
    }
    sentences.join(" ")
}

fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_uppercase();
    let (num, mult) = if let Some(n) = s.strip_suffix("GB") {
        (n, 1_000_000_000)
    } else if let Some(n) = s.strip_suffix("MB") {
        (n, 1_000_000)
    } else if let Some(n) = s.strip_suffix("KB") {
        (n, 1_000)
    } else {
        (s.as_str(), 1)
    };
    Some((num.trim().parse::<f64>().ok()? * mult as f64) as usize)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(size) = args.first().and_then(|s| parse_size(s)) else {
        eprintln!("usage: gen_corpus SIZE[KB|MB|GB] [SEED] > corpus.jsonl");
        std::process::exit(2);
    };
    let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(42);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    // An error here is the reader going away (`| head`): stop quietly.
    if let Ok((docs, bytes)) = write_corpus(size, seed, &mut out) {
        let _ = out.flush();
        eprintln!(
            "gen_corpus: {docs} documents, {:.1} MB of text",
            bytes as f64 / 1e6
        );
    }
}

/// Writes JSONL documents until their texts hold `size` bytes; returns
/// the number of documents and of text bytes. The benches call this too.
pub fn write_corpus(
    size: usize,
    seed: u64,
    out: &mut impl Write,
) -> std::io::Result<(usize, usize)> {
    let mut rng = Rng(seed);
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let mut paths: Vec<_> = std::fs::read_dir(&input)
        .expect("input/ exists")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let paragraphs: Vec<String> = paths
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .expect("readable seed")
                .split("\n\n")
                .map(str::trim)
                .filter(|p| p.len() > 80)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut written = 0;
    let mut doc = 0;
    while written < size {
        let title = format!(
            "Relations between {} and {}",
            rng.pick(COUNTRIES),
            rng.pick(COUNTRIES)
        );
        let mut text =
            format!("{title}\n\nFrom Wikipedia, the free encyclopedia\n\n");
        let target = 2_000 + rng.below(14_000);
        while text.len() < target {
            if rng.below(3) == 0 {
                text.push_str(&format!(
                    "## {}[edit]\n\n",
                    rng.pick(COUNTRIES)
                ));
            }
            let para = if rng.below(2) == 0 {
                paragraphs[rng.below(paragraphs.len())].clone()
            } else {
                synthetic_paragraph(&mut rng)
            };
            text.push_str(&para);
            text.push_str("\n\n");
        }
        let line =
            serde_json::json!({"id": format!("doc{doc:08}"), "text": text});
        let bytes = serde_json::to_vec(&line).expect("serializable");
        out.write_all(&bytes)?;
        out.write_all(b"\n")?;
        written += text.len();
        doc += 1;
    }
    Ok((doc, written))
}
