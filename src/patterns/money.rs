//! MONEY patterns: amounts with a currency, normalized to amount + ISO-4217.
//!
//! Takes the cleaned text and returns MONEY candidates with `amount`,
//! `currency` and norm `"<amount> <ISO>"` (`"<amount>"` when the currency
//! has no single ISO code, e.g. bare `francs`). Overlaps with other types
//! are left to `resolve`.
//!
//! Every amount of money names its currency, so the pass first finds
//! currency mentions (symbols, codes, names, sub-units) with one trie walked
//! from word starts and symbols, and stops when there are none. Around each
//! mention it reads the grammar
//!
//! ```text
//! prefix: SYMBOL|CODE  NUMBER [range]              $ 14 million, EUR 3,5 million, USD50
//! suffix: NUMBER [range] CURRENCY [scale] [sub]    528 million francs, 75 USD million,
//!                                                  thirteen dollars forty-five cents
//! sub-unit alone: NUMBER SUB-UNIT                  1.20 cents (amount in the main unit)
//! ```
//!
//! Conventions: `$` or `dollars` with no country is USD, `pounds` is GBP,
//! `cents` is USD (the gold leaves currency out there and checks only the
//! amount); a range `$5-10 million` is one span whose amount is the lower
//! bound; a number glued to a code (`USD50`) belongs to that code even when
//! another number precedes it. Currency names from the lexicon (gazetteer
//! rows of type CURRENCY) are merged over the built-in table below.

mod number;
mod scan;
mod trie;

use self::number::{Dec, Number, is_phrase_word, parse_number, scale_at};
use self::scan::SymbolBytes;
use self::trie::Trie;
use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use crate::gazetteer::Lexicon;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Where a currency mention may stand relative to its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `$`, `€`, `US$`, `Rs`: before or after the number; exact case when
    /// written with a capital.
    Symbol,
    /// ISO code: before or after; upper case (lower case for major codes).
    Code,
    /// `dollars`, `hong kong dollars`: after the number, any case, plural.
    Name,
    /// `cents`, `pence`: after the number, worth a hundredth.
    SubUnit,
}

/// Built-in currency table: (surface, ISO code or "" when ambiguous, kind).
/// Names are matched case-insensitively and take a plural `s`/`es`.
const BUILTIN: &[(&str, &str, Kind)] = {
    use Kind::*;
    &[
        ("$", "USD", Symbol),
        ("US$", "USD", Symbol),
        ("US $", "USD", Symbol),
        ("U.S.$", "USD", Symbol),
        ("U.S. $", "USD", Symbol),
        ("u.s $", "USD", Symbol),
        ("u.s. $", "USD", Symbol),
        ("us$", "USD", Symbol),
        ("c $", "CAD", Symbol),
        ("c$", "CAD", Symbol),
        ("ca$", "CAD", Symbol),
        ("can$", "CAD", Symbol),
        ("A$", "AUD", Symbol),
        ("au$", "AUD", Symbol),
        ("nz$", "NZD", Symbol),
        ("hk$", "HKD", Symbol),
        ("hk $", "HKD", Symbol),
        ("HK$", "HKD", Symbol),
        ("HK $", "HKD", Symbol),
        ("nz $", "NZD", Symbol),
        ("NZ$", "NZD", Symbol),
        ("sg $", "SGD", Symbol),
        ("nt $", "TWD", Symbol),
        ("NT$", "TWD", Symbol),
        ("元", "CNY", Symbol),
        ("₭", "LAK", Symbol),
        ("₿", "", Symbol),
        ("S$", "SGD", Symbol),
        ("sg$", "SGD", Symbol),
        ("nt$", "TWD", Symbol),
        ("R$", "BRL", Symbol),
        ("mex$", "MXN", Symbol),
        ("J$", "JMD", Symbol),
        ("€", "EUR", Symbol),
        ("£", "GBP", Symbol),
        ("¥", "JPY", Symbol),
        ("￥", "JPY", Symbol),
        ("CN¥", "CNY", Symbol),
        ("₽", "RUB", Symbol),
        ("₸", "KZT", Symbol),
        ("₡", "CRC", Symbol),
        ("₹", "INR", Symbol),
        ("₨", "INR", Symbol),
        ("Rs", "INR", Symbol),
        ("Rs.", "INR", Symbol),
        ("₩", "KRW", Symbol),
        ("₺", "TRY", Symbol),
        ("₴", "UAH", Symbol),
        ("₪", "ILS", Symbol),
        ("₫", "VND", Symbol),
        ("₦", "NGN", Symbol),
        ("₱", "PHP", Symbol),
        ("฿", "THB", Symbol),
        ("₾", "GEL", Symbol),
        ("₼", "AZN", Symbol),
        ("₮", "MNT", Symbol),
        ("RM", "MYR", Symbol),
        ("Rp", "IDR", Symbol),
        ("zł", "PLN", Symbol),
        ("Kč", "CZK", Symbol),
        ("¢", "USD", SubUnit),
        ("USD", "USD", Code),
        ("EUR", "EUR", Code),
        ("GBP", "GBP", Code),
        ("JPY", "JPY", Code),
        ("CNY", "CNY", Code),
        ("RMB", "CNY", Code),
        ("CHF", "CHF", Code),
        ("CAD", "CAD", Code),
        ("AUD", "AUD", Code),
        ("NZD", "NZD", Code),
        ("HKD", "HKD", Code),
        ("SGD", "SGD", Code),
        ("RUB", "RUB", Code),
        ("RUR", "RUB", Code),
        ("KZT", "KZT", Code),
        ("KGS", "KGS", Code),
        ("UZS", "UZS", Code),
        ("TJS", "TJS", Code),
        ("TMT", "TMT", Code),
        ("INR", "INR", Code),
        ("PKR", "PKR", Code),
        ("KRW", "KRW", Code),
        ("SEK", "SEK", Code),
        ("NOK", "NOK", Code),
        ("DKK", "DKK", Code),
        ("PLN", "PLN", Code),
        ("CZK", "CZK", Code),
        ("HUF", "HUF", Code),
        ("BRL", "BRL", Code),
        ("MXN", "MXN", Code),
        ("ZAR", "ZAR", Code),
        ("AED", "AED", Code),
        ("SAR", "SAR", Code),
        ("UAH", "UAH", Code),
        ("BYN", "BYN", Code),
        ("AZN", "AZN", Code),
        ("ILS", "ILS", Code),
        ("IDR", "IDR", Code),
        ("MYR", "MYR", Code),
        ("THB", "THB", Code),
        ("VND", "VND", Code),
        ("TWD", "TWD", Code),
        ("TRY", "TRY", Code),
        ("EGP", "EGP", Code),
        ("NGN", "NGN", Code),
        ("IRR", "IRR", Code),
        ("AFN", "AFN", Code),
        ("MNT", "MNT", Code),
        ("XBT", "XBT", Code),
        ("dollar", "USD", Name),
        ("buck", "USD", Name),
        ("us dollar", "USD", Name),
        ("u.s. dollar", "USD", Name),
        ("u.s dollar", "USD", Name),
        ("american dollar", "USD", Name),
        ("united states dollar", "USD", Name),
        ("canadian dollar", "CAD", Name),
        ("australian dollar", "AUD", Name),
        ("new zealand dollar", "NZD", Name),
        ("hong kong dollar", "HKD", Name),
        ("singapore dollar", "SGD", Name),
        ("taiwan dollar", "TWD", Name),
        ("new taiwan dollar", "TWD", Name),
        ("jamaican dollar", "JMD", Name),
        ("euro", "EUR", Name),
        ("pound", "GBP", Name),
        ("pound sterling", "GBP", Name),
        ("pounds sterling", "GBP", Name),
        ("sterling", "GBP", Name),
        ("british pound", "GBP", Name),
        ("quid", "GBP", Name),
        ("egyptian pound", "EGP", Name),
        ("yen", "JPY", Name),
        ("japanese yen", "JPY", Name),
        ("yuan", "CNY", Name),
        ("chinese yuan", "CNY", Name),
        ("renminbi", "CNY", Name),
        ("ruble", "RUB", Name),
        ("rouble", "RUB", Name),
        ("russian ruble", "RUB", Name),
        ("russian rouble", "RUB", Name),
        ("belarusian ruble", "BYN", Name),
        ("som", "KGS", Name),
        ("kyrgyz som", "KGS", Name),
        ("uzbek som", "UZS", Name),
        ("tenge", "KZT", Name),
        ("kazakh tenge", "KZT", Name),
        ("somoni", "TJS", Name),
        ("manat", "", Name),
        ("turkmen manat", "TMT", Name),
        ("azerbaijani manat", "AZN", Name),
        ("rupee", "INR", Name),
        ("indian rupee", "INR", Name),
        ("pakistani rupee", "PKR", Name),
        ("sri lankan rupee", "LKR", Name),
        ("nepalese rupee", "NPR", Name),
        ("rupiah", "IDR", Name),
        ("franc", "", Name),
        ("swiss franc", "CHF", Name),
        ("french franc", "FRF", Name),
        ("belgian franc", "BEF", Name),
        ("cfa franc", "XOF", Name),
        ("lira", "TRY", Name),
        ("turkish lira", "TRY", Name),
        ("italian lira", "ITL", Name),
        ("lire", "ITL", Name),
        ("guilder", "NLG", Name),
        ("dutch guilder", "NLG", Name),
        ("deutsche mark", "DEM", Name),
        ("deutschmark", "DEM", Name),
        ("peso", "", Name),
        ("mexican peso", "MXN", Name),
        ("philippine peso", "PHP", Name),
        ("argentine peso", "ARS", Name),
        ("chilean peso", "CLP", Name),
        ("colombian peso", "COP", Name),
        ("brazilian real", "BRL", Name),
        ("reais", "BRL", Name),
        ("rand", "ZAR", Name),
        ("won", "KRW", Name),
        ("korean won", "KRW", Name),
        ("south korean won", "KRW", Name),
        ("krona", "SEK", Name),
        ("kronor", "SEK", Name),
        ("swedish krona", "SEK", Name),
        ("swedish kronor", "SEK", Name),
        ("danish krone", "DKK", Name),
        ("danish kroner", "DKK", Name),
        ("norwegian krone", "NOK", Name),
        ("norwegian kroner", "NOK", Name),
        ("zloty", "PLN", Name),
        ("złoty", "PLN", Name),
        ("forint", "HUF", Name),
        ("koruna", "CZK", Name),
        ("hryvnia", "UAH", Name),
        ("hryvnias", "UAH", Name),
        ("lari", "GEL", Name),
        ("armenian dram", "AMD", Name),
        ("shekel", "ILS", Name),
        ("new shekel", "ILS", Name),
        ("dinar", "", Name),
        ("dirham", "", Name),
        ("riyal", "SAR", Name),
        ("saudi riyal", "SAR", Name),
        ("ringgit", "MYR", Name),
        ("baht", "THB", Name),
        ("naira", "NGN", Name),
        ("afghani", "AFN", Name),
        ("taka", "BDT", Name),
        ("tugrik", "MNT", Name),
        ("birr", "ETB", Name),
        ("shilling", "", Name),
        ("kenyan shilling", "KES", Name),
        ("cedi", "GHS", Name),
        ("bitcoin", "", Name),
        ("BTC", "", Code),
        ("markka", "FIM", Name),
        ("finnish markka", "FIM", Name),
        ("peseta", "ESP", Name),
        ("spanish peseta", "ESP", Name),
        ("escudo", "PTE", Name),
        ("drachma", "GRD", Name),
        ("austrian schilling", "ATS", Name),
        ("irish pound", "IEP", Name),
        ("kuai", "CNY", Name),
        ("dong", "VND", Name),
        ("kip", "LAK", Name),
        ("kyat", "MMK", Name),
        ("cent", "USD", SubUnit),
        ("euro cent", "EUR", SubUnit),
        ("eurocent", "EUR", SubUnit),
        ("penny", "GBP", SubUnit),
        ("pennies", "GBP", SubUnit),
        ("pence", "GBP", SubUnit),
        ("kopeck", "RUB", SubUnit),
        ("kopek", "RUB", SubUnit),
        ("kopeyka", "RUB", SubUnit),
        ("kopeks", "RUB", SubUnit),
        ("tiyn", "KZT", SubUnit),
        ("tyiyn", "KGS", SubUnit),
        ("paise", "INR", SubUnit),
        ("paisa", "INR", SubUnit),
        ("centime", "", SubUnit),
        ("fen", "CNY", SubUnit),
        ("satoshi", "", SubUnit),
    ]
};

/// Codes that are safe to read in lower case (`20 usd`); others (`pen`,
/// `top`, `all`, `cop`) are English words and count only in upper case.
const LOWER_CASE_CODES: &[&str] = &[
    "usd", "eur", "gbp", "jpy", "cny", "rmb", "chf", "cad", "aud", "nzd",
    "hkd", "sgd", "rub", "kzt", "kgs", "uzs", "tjs", "inr", "pkr", "krw",
    "sek", "nok", "dkk", "pln", "czk", "huf", "brl", "mxn", "zar", "aed",
    "uah", "byn", "azn", "idr", "myr", "thb", "vnd", "twd", "ngn",
];

/// Surfaces never read as a currency, even when a list offers them: codes
/// and names that are mostly English words or scale abbreviations.
const NEVER: &[&str] = &[
    "all", "top", "cup", "pen", "mop", "sos", "bob", "gel", "mad", "amd",
    "php", "cop", "std", "ron", "bam", "real", "reals", "mark", "marks", "k",
    "m", "b", "mn", "bn", "mm", "tn", "kr", "lei", "leu", "sum", "dram",
    "kip", "dong", "para", "le", "fc", "ar", "so", "am", "on", "in", "as",
    "sol",
];

/// Words after a bare sub-unit number that still end the amount
/// (`15 USD 50 more`); any other word means the number counts something else.
const AFTER_SUB_UNIT: &[&str] =
    &["more", "less", "extra", "each", "apiece", "only", "in", "total"];

/// Words before a year-like number that make `in 2010 dollars` a price
/// level rather than an amount.
const PRICE_LEVEL: &[&str] =
    &["in", "constant", "real", "nominal", "current", "fiscal"];

/// Where a number phrase may start: a digit run, or a number word.
static NUMBER_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[0-9]+|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|an?|half|quarter)\b",
    )
    .expect("valid regex")
});

/// Where [`NUMBER_START`] matches in `hay`, as its `find_iter` would
/// report them, into `out`.
///
/// The regex was the tagger's hot spot. On ASCII its matches are easy to
/// state: every run of ASCII digits, and every number word that is a whole
/// `[A-Za-z0-9_]` word. Only non-ASCII text needs Unicode: `ſ` and `K`
/// (Kelvin) fold to `s` and `k`, and a non-ASCII letter next to a word
/// moves its `\b`. For those the regex itself answers.
fn number_starts(hay: &str, out: &mut Vec<usize>) {
    out.clear();
    if !ascii_number_starts(hay, out) {
        out.clear();
        out.extend(NUMBER_START.find_iter(hay).map(|m| m.start()));
    }
}

/// [`number_starts`] on text whose matches are plain ASCII; `false` when
/// the regex must decide.
fn ascii_number_starts(hay: &str, out: &mut Vec<usize>) -> bool {
    if !hay.is_ascii() && (hay.contains('\u{17f}') || hay.contains('\u{212a}'))
    {
        return false;
    }
    let b = hay.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            out.push(i);
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        } else if c.is_ascii_alphabetic() {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_alphabetic() {
                j += 1;
            }
            let prev = i.checked_sub(1).map(|k| b[k]);
            if !prev.is_some_and(word) && is_number_word(&b[i..j]) {
                let next = b.get(j).copied();
                if !prev.is_none_or(|p| p.is_ascii())
                    || !next.is_none_or(|n| n.is_ascii())
                {
                    return false;
                }
                if !next.is_some_and(word) {
                    out.push(i);
                }
            }
            // No match starts inside a run of letters: no digit, no `\b`.
            i = j;
        } else {
            i += 1;
        }
    }
    true
}

/// Whether `w` is one of [`NUMBER_START`]'s words, in any ASCII case.
fn is_number_word(w: &[u8]) -> bool {
    let mut buf = [0u8; 9];
    if w.len() > buf.len() {
        return false;
    }
    for (d, c) in buf.iter_mut().zip(w) {
        *d = c.to_ascii_lowercase();
    }
    matches!(
        &buf[..w.len()],
        b"zero"
            | b"one"
            | b"two"
            | b"three"
            | b"four"
            | b"five"
            | b"six"
            | b"seven"
            | b"eight"
            | b"nine"
            | b"ten"
            | b"eleven"
            | b"twelve"
            | b"thirteen"
            | b"fourteen"
            | b"fifteen"
            | b"sixteen"
            | b"seventeen"
            | b"eighteen"
            | b"nineteen"
            | b"twenty"
            | b"thirty"
            | b"forty"
            | b"fourty"
            | b"fifty"
            | b"sixty"
            | b"seventy"
            | b"eighty"
            | b"ninety"
            | b"a"
            | b"an"
            | b"half"
            | b"quarter"
    )
}

/// How far before a currency mention its number may start, in bytes.
const WINDOW: usize = 160;

#[derive(Clone, Debug)]
struct Entry {
    surface: String,
    iso: Option<Box<str>>,
    kind: Kind,
    exact_case: bool,
    /// A code that also counts in lower case ([`LOWER_CASE_CODES`]).
    lower_code: bool,
    /// `pound(s)` also weighs things: `5 pounds of sugar` is not money.
    weight: bool,
}

/// A currency found in the text.
#[derive(Clone, Copy, Debug)]
struct Mention {
    start: usize,
    end: usize,
    entry: usize,
    /// Power of ten from a glued scale prefix (`MUSD`, `kEUR`).
    scale: i32,
}

/// Finds amounts of money.
#[derive(Debug)]
pub struct MoneyTagger {
    entries: Vec<Entry>,
    /// The entries' surfaces; pattern `i` is `entries[i]`.
    trie: Trie,
    /// The non-letters the surfaces start with.
    symbols: SymbolBytes,
}

impl MoneyTagger {
    /// Builds the tagger from the lists it consults.
    pub fn new(lexicon: &Lexicon) -> MoneyTagger {
        let mut entries: Vec<Entry> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for &(surface, iso, kind) in BUILTIN {
            // Lower-case symbols in the table (`c $`, `hk$`) match any case.
            let exact_case = kind == Kind::Symbol
                && surface.chars().any(char::is_uppercase);
            index.insert(key(surface, exact_case), entries.len());
            entries.push(Entry {
                surface: surface.to_string(),
                iso: (!iso.is_empty()).then(|| iso.into()),
                kind,
                exact_case,
                lower_code: false,
                weight: surface.starts_with("pound")
                    && !surface.contains("sterling"),
            });
        }
        // Sorted so the table does not depend on hash order.
        let mut rows: Vec<(&str, &str)> = lexicon
            .currencies
            .iter()
            .map(|(s, i)| (s.as_ref(), i.as_ref()))
            .collect();
        rows.sort_unstable();
        for (surface, iso) in rows {
            let surface = surface.trim();
            let Some(kind) = classify(surface) else { continue };
            let iso_ok =
                iso.len() == 3 && iso.bytes().all(|b| b.is_ascii_uppercase());
            if !iso_ok {
                continue;
            }
            let exact_case = matches!(kind, Kind::Symbol);
            match index.get(&key(surface, exact_case)) {
                // The list wins over the built-in reading, but the built-in
                // table knows best where the surface may stand.
                Some(&i) => entries[i].iso = Some(iso.into()),
                None => {
                    index.insert(key(surface, exact_case), entries.len());
                    entries.push(Entry {
                        surface: surface.to_string(),
                        iso: Some(iso.into()),
                        kind,
                        exact_case,
                        lower_code: false,
                        weight: false,
                    });
                }
            }
        }
        for e in &mut entries {
            e.lower_code = e.kind == Kind::Code
                && LOWER_CASE_CODES
                    .contains(&e.surface.to_ascii_lowercase().as_str());
        }
        let trie = Trie::new(entries.iter().map(|e| e.surface.as_str()));
        let symbols = SymbolBytes::new(entries.iter().filter_map(|e| {
            e.surface.bytes().next().map(|b| b.to_ascii_lowercase())
        }));
        MoneyTagger { entries, trie, symbols }
    }

    /// Currency mentions, leftmost-longest among those that pass the case
    /// and word-boundary checks.
    fn mentions(&self, text: &str) -> Vec<Mention> {
        self.mentions_with::<true>(text)
    }

    /// The mentions [`Trie::matches_at`] finds at `start` that pass
    /// [`MoneyTagger::check`], into `found`.
    // Not inlined: most word starts never get here, and the walk made the
    // per-word code too large to inline into the scan.
    #[inline(never)]
    fn try_at(&self, text: &str, start: usize, found: &mut Vec<Mention>) {
        self.trie.matches_at(text.as_bytes(), start, |end, index| {
            let entry = &self.entries[index];
            if let Some(m) = self.check(text, start, end, index, entry) {
                found.push(m);
            }
        });
    }

    /// The mentions found from the start `s` that [`scan::starts`]
    /// reports, a `word` start or a symbol byte, into `found`.
    #[inline(always)]
    fn try_start<const BY_WORD: bool>(
        &self,
        text: &str,
        s: usize,
        word: bool,
        found: &mut Vec<Mention>,
    ) {
        let b = text.as_bytes();
        if word {
            // `check` turns down a mention that starts with a letter right
            // after another letter, unless that one is a scale letter
            // starting the word (`MUSD`, `kEUR`). So in a run of ASCII
            // letters only the first position and, after `M`/`k`/`K`, the
            // second can start a mention; a letter after a non-ASCII one
            // is tried and left to `check`.
            if self.may_start_word::<BY_WORD>(b, s) {
                self.try_at(text, s, found);
            }
            if matches!(b[s], b'M' | b'k' | b'K')
                && b.get(s + 1).is_some_and(u8::is_ascii_alphabetic)
                && self.may_start_word::<BY_WORD>(b, s + 1)
            {
                self.try_at(text, s + 1, found);
            }
        } else if self.trie.starts(b[s]) && self.trie.may_match(b, s) {
            // Symbols may start anywhere (`5$`, `3€`).
            self.try_at(text, s, found);
        }
    }

    #[inline(always)]
    fn may_start_word<const BY_WORD: bool>(&self, b: &[u8], s: usize) -> bool {
        if BY_WORD {
            self.trie.may_match_word(b, s)
        } else {
            self.trie.may_match(b, s)
        }
    }

    /// [`MoneyTagger::mentions`]; with `BY_WORD`, walks from word starts
    /// only when [`Trie::may_match_word`] lets them through, else when
    /// [`Trie::may_match`] does (the tests check both find the same).
    fn mentions_with<const BY_WORD: bool>(&self, text: &str) -> Vec<Mention> {
        let mut found: Vec<Mention> = Vec::new();
        let b = text.as_bytes();
        for (s, word) in scan::starts(b, &self.symbols) {
            self.try_start::<BY_WORD>(text, s, word, &mut found);
        }
        // Stable, so mentions with equal spans keep the trie's order:
        // that of the surfaces in the table, as an overlapping
        // Aho-Corasick scan reported them.
        found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut kept: Vec<Mention> = Vec::with_capacity(found.len());
        for m in found {
            if kept.last().is_none_or(|k| m.start >= k.end) {
                kept.push(m);
            }
        }
        kept
    }

    fn check(
        &self,
        text: &str,
        start: usize,
        end: usize,
        index: usize,
        entry: &Entry,
    ) -> Option<Mention> {
        let slice = text.get(start..end)?;
        let ok_case = match entry.kind {
            _ if entry.exact_case => slice == entry.surface,
            Kind::Code => {
                slice.bytes().all(|b| b.is_ascii_uppercase())
                    || (entry.lower_code
                        && slice.bytes().all(|b| b.is_ascii_lowercase()))
            }
            _ => true,
        };
        if !ok_case {
            return None;
        }
        let before = text[..start].chars().next_back();
        let mut mention = Mention { start, end, entry: index, scale: 0 };
        if slice.starts_with(|c: char| c.is_alphabetic())
            && before.is_some_and(char::is_alphabetic)
        {
            // `MUSD`, `kEUR`: a glued scale letter before an upper-case code.
            let prefix = before.filter(|_| {
                entry.kind == Kind::Code
                    && slice.bytes().all(|b| b.is_ascii_uppercase())
            });
            let scale = match prefix {
                Some('M') => 6,
                Some('k' | 'K') => 3,
                _ => return None,
            };
            let letter_start = start - 1;
            if text[..letter_start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                return None;
            }
            mention.start = letter_start;
            mention.scale = scale;
        }
        if slice.ends_with(|c: char| c.is_alphabetic()) {
            let after = &text[end..];
            let next = after.chars().next();
            if next.is_some_and(char::is_alphabetic) {
                let plural = ["es", "s"].into_iter().find(|p| {
                    after.len() >= p.len()
                        && after.as_bytes()[..p.len()]
                            .eq_ignore_ascii_case(p.as_bytes())
                        && !after[p.len()..]
                            .starts_with(|c: char| c.is_alphanumeric())
                });
                match plural {
                    Some(p)
                        if matches!(
                            entry.kind,
                            Kind::Name | Kind::SubUnit
                        ) =>
                    {
                        mention.end = end + p.len();
                    }
                    _ => return None,
                }
            } else if next.is_some_and(|c| c.is_ascii_digit())
                && entry.kind != Kind::Code
            {
                return None;
            }
        }
        Some(mention)
    }

    fn emit(
        &self,
        out: &mut Vec<Candidate>,
        start: usize,
        end: usize,
        value: Dec,
        iso: Option<&str>,
        method: &'static str,
    ) {
        let amount = value.to_f64();
        if !amount.is_finite() {
            return;
        }
        let mut norm = amount_text(amount);
        if let Some(code) = iso {
            norm.push(' ');
            norm.push_str(code);
        }
        let mut c = Candidate::new(
            start,
            end,
            EntityType::Money,
            method,
            priority::MONEY,
        )
        .with_norm(norm);
        c.amount = Some(amount);
        c.currency = iso.map(str::to_string);
        out.push(c);
    }
}

/// `amount` as `format!("{amount}")` writes it.
///
/// Most amounts are whole, and writing a whole `f64` below 2^53 is writing
/// its integer: the float formatter cost a third of emitting a candidate.
fn amount_text(amount: f64) -> String {
    const EXACT: f64 = (1u64 << 53) as f64;
    let whole = amount.fract() == 0.0 && amount.is_sign_positive();
    if !(whole && amount < EXACT) {
        return format!("{amount}");
    }
    // Whole and below 2^53, so the cast is exact, and integers format
    // without the float formatter's digit search.
    (amount as u64).to_string()
}

/// The key under which a surface is unique in the table.
fn key(surface: &str, exact_case: bool) -> String {
    if exact_case { surface.to_string() } else { surface.to_lowercase() }
}

/// Reads a lexicon surface's kind from its shape; `None` for surfaces too
/// ambiguous to trust (single letters, English words, scale abbreviations).
fn classify(surface: &str) -> Option<Kind> {
    let lower = surface.to_lowercase();
    if surface.is_empty() || NEVER.contains(&lower.as_str()) {
        return None;
    }
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && surface.chars().count() == 1 {
        return None;
    }
    if surface.len() == 3 && surface.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(Kind::Code);
    }
    if letters == 0 {
        return Some(Kind::Symbol);
    }
    let symbolic =
        surface.chars().any(|c| !c.is_alphabetic() && c != ' ' && c != '-');
    let short_cased = surface.chars().count() <= 3
        && surface.chars().any(char::is_uppercase);
    if symbolic || short_cased {
        return Some(Kind::Symbol);
    }
    Some(Kind::Name)
}

/// Skips the blank between two parts of an amount: at most three
/// whitespace characters, at most one line break.
fn skip_gap(text: &str, pos: usize) -> usize {
    let mut end = pos;
    let mut newlines = 0;
    for (n, c) in text[pos..].chars().enumerate() {
        if n >= 3 || !c.is_whitespace() {
            break;
        }
        if c == '\n' {
            newlines += 1;
            if newlines > 1 {
                break;
            }
        }
        end += c.len_utf8();
    }
    end
}

/// The number at `pos`, with an optional upper bound (`5-10 million`,
/// `5 to 10 million`). A scale on the upper bound applies to a bare lower
/// bound; the amount is the lower bound.
fn parse_amount(text: &str, pos: usize) -> Option<Number> {
    let mut n = parse_number(text, pos)?;
    if !n.digits {
        return Some(n);
    }
    let rest = &text[n.end..];
    let sep_len = if rest.starts_with(['-', '–']) {
        rest.chars().next().map_or(0, char::len_utf8)
    } else if rest.starts_with(" - ") || rest.starts_with(" – ") {
        rest.chars().nth(1).map_or(0, char::len_utf8) + 2
    } else if rest.starts_with(" to ") {
        4
    } else {
        0
    };
    if sep_len > 0 {
        let upper_start = n.end + sep_len;
        // `$5 to 10 percent` is not a range of money.
        let is_money = |u: &Number| {
            let after = skip_gap(text, u.end);
            let word = word_at(text, after).to_ascii_lowercase();
            !text[after..].starts_with('%')
                && !matches!(word.as_str(), "percent" | "per" | "pct")
        };
        if let Some(upper) =
            parse_number(text, upper_start).filter(|u| u.digits && is_money(u))
        {
            if !n.scaled && upper.scaled {
                n.value = n.value.shift(upper.exp);
                n.exp = upper.exp;
                n.scaled = true;
            }
            n.end = upper.end;
            n.plain = false;
        }
    }
    Some(n)
}

/// The first position in `from..end` where a number phrase that reaches
/// `end` may start: just after the last byte or word before `end` that no
/// amount (nor the blank after it) can hold.
///
/// Most of the window before a mention is prose, and an amount is a few
/// words at most; listing the number starts in all of it was most of the
/// cost of a mention. An amount holds digits, blanks, `-`, `,`, `.`,
/// non-ASCII separators and dashes, and whole ASCII words that are number
/// words, scales or the `to` of a range: a word or an ASCII punctuation
/// byte outside that set ends every amount that would start before it. The
/// number starts after it are those of the whole window: it is no word
/// byte, so the `\b` of [`number_starts`] sees the same on either side.
fn phrase_bound(b: &[u8], from: usize, end: usize) -> usize {
    let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    if end > from && letter(end - 1) && letter(end) {
        // A word that goes on past `end` is not judged by its head.
        return from;
    }
    let mut i = end;
    while i > from {
        let c = b[i - 1];
        if c.is_ascii_alphabetic() {
            let word_end = i;
            while i > from && b[i - 1].is_ascii_alphabetic() {
                i -= 1;
            }
            if i == from {
                // The word may begin before the window.
                return from;
            }
            let word = &b[i..word_end];
            if !is_phrase_word(word) && !word.eq_ignore_ascii_case(b"to") {
                return word_end;
            }
        } else if c.is_ascii_punctuation()
            && !matches!(c, b'-' | b',' | b'.' | b'_')
        {
            return i;
        } else {
            i -= 1;
        }
    }
    from
}

fn word_before(text: &str, pos: usize) -> Option<String> {
    let head = text[..pos].trim_end();
    let word: String = head
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!word.is_empty()).then(|| word.to_lowercase())
}

fn word_at(text: &str, pos: usize) -> &str {
    let rest = &text[pos..];
    let len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
    &rest[..len]
}

impl MoneyTagger {
    fn mention_at<'m>(
        &self,
        mentions: &'m [Mention],
        pos: usize,
    ) -> Option<&'m Mention> {
        let i = mentions.partition_point(|m| m.start < pos);
        mentions.get(i).filter(|m| m.start == pos)
    }

    /// Whether the symbol or code `m`, found after a number, rather starts
    /// the amount after it: it is glued to that amount (`USD50`), or the
    /// amount cannot be a count of hundredths (`2019 USD 5 million`); a
    /// symbol always prefers the number after it (`1988 $ 14`). Not when that
    /// number has its own currency (`10 rmb 20 usd`).
    fn starts_prefix(
        &self,
        text: &str,
        m: &Mention,
        mentions: &[Mention],
    ) -> bool {
        let p = skip_gap(text, m.end);
        if !text[p..].starts_with(|c: char| c.is_ascii_digit()) {
            return false;
        }
        if p == m.end {
            return true;
        }
        let Some(next) = parse_amount(text, p) else { return false };
        if self.mention_at(mentions, skip_gap(text, next.end)).is_some() {
            return false;
        }
        let cents_like = !next.scaled && next.plain && next.end - p <= 2;
        self.entries[m.entry].kind == Kind::Symbol || !cents_like
    }

    /// `SYMBOL|CODE NUMBER`: `$ 14 million`, `USD50`, `EUR 3,5 million`.
    fn prefix(
        &self,
        text: &str,
        m: &Mention,
        out: &mut Vec<Candidate>,
    ) -> Option<usize> {
        let entry = &self.entries[m.entry];
        let p = skip_gap(text, m.end);
        if !text[p..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let n = parse_amount(text, p)?;
        if text[n.end..].starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let value = n.value.shift(m.scale);
        self.emit(
            out,
            m.start,
            n.end,
            value,
            entry.iso.as_deref(),
            "money:prefix",
        );
        Some(n.end)
    }

    /// `NUMBER CURRENCY [scale] [sub-unit]`: `528 million francs`,
    /// `75 USD million`, `thirteen dollars forty-five cents`.
    fn suffix(
        &self,
        text: &str,
        pos: usize,
        mentions: &[Mention],
        out: &mut Vec<Candidate>,
    ) -> Option<usize> {
        let n = parse_amount(text, pos)?;
        let mut p = skip_gap(text, n.end);
        let hyphen = p == n.end && text[p..].starts_with('-');
        if hyphen {
            p += 1;
        }
        let m = self.mention_at(mentions, p)?;
        let entry = &self.entries[m.entry];
        if matches!(entry.kind, Kind::Symbol | Kind::Code)
            && self.starts_prefix(text, m, mentions)
        {
            // `3 USD50`, `in 1988 $ 14 million`: the symbol or code
            // belongs to the number after it.
            return None;
        }
        // `a 10-dollar bill`, `a 12-cent dividend` but not `a 300-pound
        // man` nor `5-USD`.
        if hyphen
            && (!matches!(entry.kind, Kind::Name | Kind::SubUnit)
                || entry.weight)
        {
            return None;
        }
        if n.plain {
            let year_like =
                n.value.m >= 1800 && n.value.m <= 2100 && n.end - pos == 4;
            if year_like
                && word_before(text, pos)
                    .is_some_and(|w| PRICE_LEVEL.contains(&w.as_str()))
            {
                return None;
            }
        }
        if entry.weight {
            // `5 pounds of sugar`, `weighs 200 pounds`
            let q = skip_gap(text, m.end);
            let of = q > m.end && word_at(text, q).eq_ignore_ascii_case("of");
            let weighs =
                word_before(text, pos).is_some_and(|w| w.starts_with("weigh"));
            if of || weighs {
                return None;
            }
        }
        let mut value = n.value.shift(m.scale);
        let mut end = m.end;
        let mut scaled = n.scaled || m.scale != 0;
        if entry.kind == Kind::SubUnit {
            value = value.shift(-2);
        } else {
            if entry.kind == Kind::Code && !scaled {
                // `75 USD million`
                if let Some((exp, e)) = scale_at(text, end) {
                    value = value.shift(exp);
                    end = e;
                    scaled = true;
                }
            }
            let tail = (!scaled && n.value.is_integer())
                .then(|| self.sub_unit_tail(text, end, mentions))
                .flatten();
            if let Some((cents, e)) = tail {
                value = value.add(cents)?;
                end = e;
            }
        }
        self.emit(out, pos, end, value, entry.iso.as_deref(), "money:suffix");
        Some(end)
    }

    /// The hundredths after a main unit: `forty-five cents`, `and 15.`,
    /// `50 more` (a bare number must end the amount).
    fn sub_unit_tail(
        &self,
        text: &str,
        end: usize,
        mentions: &[Mention],
    ) -> Option<(Dec, usize)> {
        let mut q = skip_gap(text, end);
        if q == end {
            return None;
        }
        if word_at(text, q).eq_ignore_ascii_case("and") {
            q = skip_gap(text, q + 3);
        }
        let n = parse_number(text, q)?;
        if n.scaled
            || !n.value.is_integer()
            || n.value.m > 99
            || (n.digits && n.end - q > 2)
        {
            return None;
        }
        let cents = n.value.shift(-2);
        let r = skip_gap(text, n.end);
        if let Some(m) = self.mention_at(mentions, r) {
            return (self.entries[m.entry].kind == Kind::SubUnit)
                .then_some((cents, m.end));
        }
        let rest = &text[n.end..];
        let ends = match rest.trim_start().chars().next() {
            None => true,
            Some(c) if c.is_alphabetic() => {
                r > n.end
                    && AFTER_SUB_UNIT
                        .contains(&word_at(text, r).to_lowercase().as_str())
            }
            Some(c) => matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\''
            ),
        };
        ends.then_some((cents, n.end))
    }
}

impl Tagger for MoneyTagger {
    fn name(&self) -> &'static str {
        "money"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        self.amounts(doc.text, out, true);
    }
}

impl MoneyTagger {
    /// The amounts in `text`. With `bounded`, the number starts before a
    /// mention are looked for only after [`phrase_bound`]; the tests check
    /// that this changes nothing.
    fn amounts(&self, text: &str, out: &mut Vec<Candidate>, bounded: bool) {
        let mentions = self.mentions(text);
        if mentions.is_empty() {
            return;
        }
        // (position, mention index for a prefix reading or None for a number).
        let mut attempts: Vec<(usize, Option<usize>)> = Vec::new();
        let mut starts = Vec::new();
        let mut scanned = 0;
        for (i, m) in mentions.iter().enumerate() {
            let mut from = m.start.saturating_sub(WINDOW).max(scanned);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            if bounded {
                from = phrase_bound(text.as_bytes(), from, m.start);
            }
            number_starts(&text[from..m.start], &mut starts);
            for &s in &starts {
                let start = from + s;
                let prev = text[..start].chars().next_back();
                let after_sep = matches!(prev, Some('.' | ','))
                    && text[..start - 1]
                        .ends_with(|c: char| c.is_ascii_digit());
                if !prev.is_some_and(char::is_alphanumeric) && !after_sep {
                    attempts.push((start, None));
                }
            }
            scanned = m.start;
            if matches!(self.entries[m.entry].kind, Kind::Symbol | Kind::Code)
            {
                attempts.push((m.start, Some(i)));
            }
        }
        attempts.sort_unstable();
        attempts.dedup();
        let mut consumed = 0;
        for (pos, what) in attempts {
            if pos < consumed {
                continue;
            }
            let end = match what {
                None => self.suffix(text, pos, &mentions, out),
                Some(i) => self.prefix(text, &mentions[i], out),
            };
            if let Some(end) = end {
                consumed = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagger() -> MoneyTagger {
        let mut lexicon = Lexicon::default();
        lexicon.currencies.insert("som".into(), "KGS".into());
        lexicon.currencies.insert("tenge".into(), "KZT".into());
        MoneyTagger::new(&lexicon)
    }

    fn run(text: &str) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        tagger().tag(&Doc { text, dct: None }, &mut out);
        out.iter()
            .map(|c| {
                let norm = c.norm.clone().map(std::borrow::Cow::into_owned);
                (text[c.start..c.end].to_string(), norm)
            })
            .collect()
    }

    /// (text, [(span, norm)]).
    fn check(cases: &[(&str, &[(&str, &str)])]) {
        for &(text, want) in cases {
            let got = run(text);
            let want: Vec<(String, Option<String>)> = want
                .iter()
                .map(|&(s, n)| (s.to_string(), Some(n.to_string())))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn money_usd_millions() {
        check(&[
            (
                "from $260 million to $410 million.",
                &[
                    ("$260 million", "260000000 USD"),
                    ("$410 million", "410000000 USD"),
                ],
            ),
            (
                "amounting to $22.71 billion by",
                &[("$22.71 billion", "22710000000 USD")],
            ),
            ("more than \\$1 billion.", &[("$1 billion", "1000000000 USD")]),
            ("(approx. \\$1.4 million)", &[("$1.4 million", "1400000 USD")]),
            (
                "sales of about $ 14 million , he",
                &[("$ 14 million", "14000000 USD")],
            ),
            (
                "a $5m deal and a $2bn loan",
                &[("$5m", "5000000 USD"), ("$2bn", "2000000000 USD")],
            ),
            ("US$ 3.5 million", &[("US$ 3.5 million", "3500000 USD")]),
            (
                "It costs 50 million USD.",
                &[("50 million USD", "50000000 USD")],
            ),
        ]);
    }

    #[test]
    fn money_symbols_and_codes() {
        check(&[
            ("EUR 3,5 million", &[("EUR 3,5 million", "3500000 EUR")]),
            ("€1.2bn", &[("€1.2bn", "1200000000 EUR")]),
            ("£ 50 million saved", &[("£ 50 million", "50000000 GBP")]),
            (
                "priced c $ 16.4 million",
                &[("c $ 16.4 million", "16400000 CAD")],
            ),
            ("a A$20 fee", &[("A$20", "20 AUD")]),
            (
                "costs 500 ₽ or 2000 ₸",
                &[("500 ₽", "500 RUB"), ("2000 ₸", "2000 KZT")],
            ),
            ("¥500 billion", &[("¥500 billion", "500000000000 JPY")]),
            ("10 rmb 20 usd", &[("10 rmb", "10 CNY"), ("20 usd", "20 USD")]),
            ("giving away 3 USD50 Cards", &[("USD50", "50 USD")]),
            ("48.5 MGBP paid", &[("48.5 MGBP", "48500000 GBP")]),
            ("totalling twenty MUSD", &[("twenty MUSD", "20000000 USD")]),
            ("paid 75 USD million", &[("75 USD million", "75000000 USD")]),
            ("Rs 5 crore", &[("Rs 5 crore", "50000000 INR")]),
        ]);
    }

    #[test]
    fn money_currency_words() {
        check(&[
            ("528 million francs on", &[("528 million francs", "528000000")]),
            (
                "125 million australian dollars of",
                &[("125 million australian dollars", "125000000 AUD")],
            ),
            ("10 Canadian dollars", &[("10 Canadian dollars", "10 CAD")]),
            (
                "5 billion hong kong dollars",
                &[("5 billion hong kong dollars", "5000000000 HKD")],
            ),
            ("450,000 yen by", &[("450,000 yen", "450000 JPY")]),
            (
                "2 million pounds sterling",
                &[("2 million pounds sterling", "2000000 GBP")],
            ),
            (
                "11 million yuan (approx.",
                &[("11 million yuan", "11000000 CNY")],
            ),
            ("300 renminbi", &[("300 renminbi", "300 CNY")]),
            (
                "5 million roubles and 7 rubles",
                &[("5 million roubles", "5000000 RUB"), ("7 rubles", "7 RUB")],
            ),
            (
                "1,000 soms or 500 tenge",
                &[("1,000 soms", "1000 KGS"), ("500 tenge", "500 KZT")],
            ),
            ("40 rupees", &[("40 rupees", "40 INR")]),
            ("10 turkish lira 11a", &[("10 turkish lira", "10 TRY")]),
            ("50 50 dollar bills", &[("50 dollar", "50 USD")]),
            ("a 20-dollar bill", &[("20-dollar", "20 USD")]),
            ("in 1988 $ 14 million", &[("$ 14 million", "14000000 USD")]),
            ("in 2019 USD 5 million", &[("USD 5 million", "5000000 USD")]),
            ("in 2019 USD 500", &[("USD 500", "500 USD")]),
        ]);
    }

    #[test]
    fn money_spelled_out() {
        check(&[
            ("five hundred dollars", &[("five hundred dollars", "500 USD")]),
            (
                "twenty-five thousand euros",
                &[("twenty-five thousand euros", "25000 EUR")],
            ),
            ("won a million dollars", &[("a million dollars", "1000000 USD")]),
            (
                "It costs quarter million us dollars.",
                &[("quarter million us dollars", "250000 USD")],
            ),
            (
                "three quarters billion us dollars",
                &[("three quarters billion us dollars", "750000000 USD")],
            ),
            (
                "half a million pounds",
                &[("half a million pounds", "500000 GBP")],
            ),
        ]);
    }

    #[test]
    fn money_hyphen_and_more_currencies() {
        check(&[
            ("a 12-cent-a-share dividend", &[("12-cent", "0.12 USD")]),
            (
                "fell to hk $ 10.05 billion .",
                &[("hk $ 10.05 billion", "10050000000 HKD")],
            ),
            (
                "for 420 million finnish markka .",
                &[("420 million finnish markka", "420000000 FIM")],
            ),
            ("the cost is 100元!", &[("100元", "100 CNY")]),
        ]);
    }

    #[test]
    fn money_sub_units() {
        check(&[
            (
                "it only cost thirteen dollars forty-five cents",
                &[("thirteen dollars forty-five cents", "13.45 USD")],
            ),
            (
                "it only cost thirteen dollars forty five",
                &[("thirteen dollars forty five", "13.45 USD")],
            ),
            (
                "it costs only 15 dollars and 15.",
                &[("15 dollars and 15", "15.15 USD")],
            ),
            ("just 15 USD 50 more, they", &[("15 USD 50", "15.5 USD")]),
            ("rose 1.20 cents ", &[("1.20 cents", "0.012 USD")]),
            ("20 pence", &[("20 pence", "0.2 GBP")]),
            ("5 dollars 10 times", &[("5 dollars", "5 USD")]),
        ]);
    }

    #[test]
    fn money_lower_case_text() {
        check(&[
            ("fined $ 250,000 for his", &[("$ 250,000", "250000 USD")]),
            ("the price was eur 125 .", &[("eur 125", "125 EUR")]),
            (
                "paid u.s $ 100,000,000, do",
                &[("u.s $ 100,000,000", "100000000 USD")],
            ),
            (
                "about 2 million us dollars",
                &[("2 million us dollars", "2000000 USD")],
            ),
            (
                "five thousand canadian dollars",
                &[("five thousand canadian dollars", "5000 CAD")],
            ),
            ("1 000 000 tenge", &[("1 000 000 tenge", "1000000 KZT")]),
        ]);
    }

    #[test]
    fn money_ranges() {
        check(&[
            ("$5-10 million", &[("$5-10 million", "5000000 USD")]),
            (
                "5 to 10 million euros",
                &[("5 to 10 million euros", "5000000 EUR")],
            ),
        ]);
    }

    #[test]
    fn money_negatives() {
        check(&[
            ("He has lost his pen 7 times since Monday.", &[]),
            ("the som was introduced in May 1993", &[]),
            ("TOP 10 songs", &[]),
            ("in constant 2010 dollars", &[]),
            ("5 pounds of sugar", &[]),
            ("the dollar rose 5 percent", &[]),
            ("$PATH and $HOME", &[]),
            ("he weighs 200 pounds", &[]),
            ("a 300-pound man", &[]),
            ("prices in 2010 USD", &[]),
            ("a dollar", &[]),
        ]);
    }

    #[test]
    fn money_lexicon_overrides_builtin() {
        let mut lexicon = Lexicon::default();
        lexicon.currencies.insert("$".into(), "CAD".into());
        lexicon.currencies.insert("Tk".into(), "BDT".into());
        let t = MoneyTagger::new(&lexicon);
        let mut out = Vec::new();
        t.tag(&Doc { text: "$5 and Tk 300", dct: None }, &mut out);
        let norms: Vec<_> =
            out.iter().filter_map(|c| c.norm.clone()).collect();
        assert_eq!(norms, ["5 CAD", "300 BDT"]);
    }

    #[test]
    fn money_word_filter_finds_every_mention() {
        let mut lexicon = Lexicon::default();
        for (s, iso) in [
            ("som", "KGS"),
            ("Kyrgyzstani som", "KGS"),
            ("złoty", "PLN"),
            ("Tk", "BDT"),
            ("kr.", "DKK"),
        ] {
            lexicon.currencies.insert(s.into(), iso.into());
        }
        let t = MoneyTagger::new(&lexicon);
        let pieces: Vec<&str> = concat!(
            "som|soms|somes|some|Som|SOM|Kyrgyzstani|Kyrgyzstan|Kyrgyz|",
            "złoty|złote|zł|Tk|tk|kr.|kr|USD|usd|MUSD|kEUR|KUSD|MUSDs|",
            "dollar|dollars|dollares|Dollarss|euro|euros|yen|US|U.S.|u.s|",
            "$|US$|us$|A$|a|Rs|Rs.|rs|hong|kong|HK|hk$|c|can|CAN$|pound|",
            "pence|cent|cents|centime|é|ſ|_|5|12| | | |.|,|-|'s|元|€|x|M|k|",
            "australian|Australians|internationalizations|KYRGYZSTANI|singapore"
        )
        .split('|')
        .collect();
        let mut rng = crate::patterns::XorShift(0x9e37_79b9_7f4a_7c15);
        let mut found = 0;
        for _ in 0..40_000 {
            let count = rng.next() % 16;
            let text = rng.glue(&pieces, count);
            let by_word = t.mentions_with::<true>(&text);
            let by_bytes = t.mentions_with::<false>(&text);
            let key = |m: &Mention| (m.start, m.end, m.entry, m.scale);
            assert_eq!(
                by_word.iter().map(key).collect::<Vec<_>>(),
                by_bytes.iter().map(key).collect::<Vec<_>>(),
                "{text:?}"
            );
            found += by_word.len();
        }
        assert!(found > 30_000, "{found}");
    }

    #[test]
    fn money_amount_text_matches_the_float_formatter() {
        let mut rng = crate::patterns::XorShift(0x9e37_79b9_7f4a_7c15);
        let fixed = [
            0.0,
            -0.0,
            1.0,
            0.45,
            13.45,
            1e15,
            1e16,
            1e21,
            1e22,
            2.5e-7,
            9007199254740991.0,
            9007199254740992.0,
            9007199254740993.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            -5.0,
        ];
        let random = (0..20_000).map(|i| {
            let r = rng.next();
            match i % 4 {
                0 => (r >> (r % 64)) as f64,
                1 => (r % 1_000_000) as f64 / 100.0,
                2 => f64::from_bits(r),
                _ => (r % 100_000) as f64 * 10f64.powi((r % 20) as i32),
            }
        });
        for x in fixed.into_iter().chain(random).filter(|x| x.is_finite()) {
            assert_eq!(amount_text(x), format!("{x}"), "{x:?}");
        }
    }

    #[test]
    fn money_phrase_bound_stops_at_prose() {
        // (text before the mention, the mention, the part of the text
        // before it that a number may start in)
        let cases = [
            (
                "he paid five hundred and twenty ",
                "dollars",
                " five hundred and twenty ",
            ),
            ("(about 5 to 10 million) ", "$", " "),
            ("(about 5 to 10 million ", "$", " 5 to 10 million "),
            ("a total of 1,000.50\u{a0}", "US$", " 1,000.50\u{a0}"),
            (", x_5 ", "$", "_5 "),
            (", wordy", "$", ""),
            ("five", "$", "five"),
            ("he paid", "$", ""),
            // A word that goes on past the mention's start is not judged.
            ("he paid", "dollars", "he paid"),
        ];
        for (before, mention, tail) in cases {
            let text = format!("{before}{mention}");
            let from = phrase_bound(text.as_bytes(), 0, before.len());
            assert_eq!(&before[from..], tail, "{text}");
        }
    }

    #[test]
    fn money_phrase_bound_changes_nothing() {
        // Amounts, near misses, prose and separators, `|`-separated.
        let pieces: Vec<&str> = concat!(
            "5|10|1,000|3.5|2010|007|12|1 000|0|1\u{a0}000|one|Twenty|",
            "five|hundred|thousand|million|bn|m|k|a|an|half|quarter|",
            "quarters|and|to|lakh|crore|forty-five|$|US$|€|£|dollars|",
            "dollar|euros|USD|usd|EUR|MUSD|kEUR|cents|pence|yen|som|",
            "tenge|francs|pounds|Rs|hong kong dollars|元|paid|the|of|",
            "weighs|in|percent|%|bank|x| | | | | |  |-|–| - | – |,|.|\n|",
            "\n\n|(|)|;|\"|'|_|/|\u{2009}|é|ſ|\t|\u{3000}|\u{202f}|",
            "5 dollars|$5|one hundred dollars| 5 million USD|USD 5|",
            "€3.5bn| twenty-five thousand euros|",
            "paid 10 to 20 million yen"
        )
        .split('|')
        .collect();
        let t = tagger();
        let mut rng = crate::patterns::XorShift(0x2545_f491_4f6c_dd1d);
        let (mut bounded, mut whole) = (Vec::new(), Vec::new());
        let mut found = 0;
        for round in 0..60_000 {
            let len = if round % 8 == 0 { 120 } else { 24 };
            let count = rng.next() % len;
            let text = rng.glue(&pieces, count);
            bounded.clear();
            whole.clear();
            t.amounts(&text, &mut bounded, true);
            t.amounts(&text, &mut whole, false);
            assert_eq!(bounded, whole, "{text:?}");
            found += bounded.len();
        }
        // The texts hold amounts to find.
        assert!(found > 30_000, "{found}");
    }

    #[test]
    fn money_no_panic_on_odd_input() {
        for text in [
            "$",
            "$ ",
            "5 $",
            "€€€",
            "1,",
            "1.",
            "١٢ $",
            "ünïcode 5 € x",
            "$99999999999999999999999999999999999999999 million",
        ] {
            let _ = run(text);
        }
    }
}
