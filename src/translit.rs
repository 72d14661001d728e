//! Romanisation keys: one spelling for the many ways a Russian or Japanese name is written.
//!
//! People meet "Хрущёв" as Khrushchev, Chruschtschow, Khrouchtchev or Chruszczow, and
//! "東洋" as Tōyō, Toyo, Touyou, Tooyoo or Tohyoh. No general fuzzy finder knows that these
//! are one name. Before matching, every word of the index and of the query is rewritten
//! to a *key* by the small rule table below, so the variants meet.
//!
//! The rules are of two sorts:
//! - **Canonical rules** (`RULES`) are applied to index and query alike. They are safe to
//!   apply everywhere because both sides change the same way ("w" becomes "v" in
//!   "Washington" too, and that costs nothing).
//! - **Query variants** (`query_keys`) cover spellings that are ambiguous on their own:
//!   a "j" is "y" in German (Jelzin), "zh" in French (Joukov) and itself in English
//!   (Japan); "ou" is a long "o" in Japanese (Touyou) but "u" in French (Khrouchtchev).
//!   The index keeps one key per word; the query tries each reading.
//!
//! Keys use lowercase Latin letters plus a few capitals for sounds that have many
//! spellings: `C` (ч and х: ch, tch, tsch, kh, cz), `S` (ш and ж: sh, zh, sch, sz, Kunrei
//! si; German writes both as "sch", so they cannot be told apart), `SC` (щ: shch, schtsch,
//! chtch, szcz) and `Z` (ц: ts, tz, z). Doubled letters collapse ("Hokkaido" = "Hokaido",
//! "Tooyoo" = "Toyo").
//!
//! Input is text already folded by `fold.rs` (lowercase, no diacritics), one word at a time.

/// Where a rewrite may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Anywhere,
    /// The pattern is followed by a vowel (a, e, i, o, u).
    BeforeVowel,
    /// The pattern is not followed by a vowel (or ends the word).
    NotBeforeVowel,
    /// The pattern ends the word, and the word has at least 4 letters.
    WordEnd,
}

/// One rewrite: `from` becomes `to` where `when` allows. At each position the longest
/// matching pattern wins; among equal lengths, the first in the table.
struct Rule {
    from: &'static str,
    to: &'static str,
    when: When,
}

const fn rule(from: &'static str, to: &'static str, when: When) -> Rule {
    Rule { from, to, when }
}

/// The canonical rules, applied to index and query alike.
const RULES: &[Rule] = &[
    // щ: English shch, German schtsch, French chtch, Polish szcz.
    rule("schtsch", "SC", When::Anywhere),
    rule("shch", "SC", When::Anywhere),
    rule("chtch", "SC", When::Anywhere),
    rule("szcz", "SC", When::Anywhere),
    // ч and х: English ch, French tch, German tsch, kh, German ch (Sachalin), Polish cz.
    rule("tsch", "C", When::Anywhere),
    rule("tch", "C", When::Anywhere),
    rule("ch", "C", When::Anywhere),
    rule("kh", "C", When::Anywhere),
    rule("cz", "C", When::Anywhere),
    // ж and ш: zh; sh, German sch (Breschnew), Polish sz.
    rule("zh", "S", When::Anywhere),
    rule("sch", "S", When::Anywhere),
    rule("sh", "S", When::Anywhere),
    rule("sz", "S", When::Anywhere),
    // ц: ts, tz, German z.
    rule("ts", "Z", When::Anywhere),
    rule("tz", "Z", When::Anywhere),
    rule("z", "Z", When::Anywhere),
    // Japanese Kunrei-shiki: si = shi, ti = chi, tu = tsu, hu = fu, sya = sha, tya = cha.
    rule("si", "Si", When::Anywhere),
    rule("ti", "Ci", When::Anywhere),
    rule("tu", "Zu", When::Anywhere),
    rule("hu", "fu", When::Anywhere),
    rule("sy", "S", When::BeforeVowel),
    rule("ty", "C", When::BeforeVowel),
    // Japanese long o written "oh" (Tohyoh), but not where h starts a syllable (Ohira).
    rule("oh", "o", When::NotBeforeVowel),
    // Hepburn writes m before b, m, p (Shimbun); others keep n.
    rule("mb", "nb", When::Anywhere),
    rule("mp", "np", When::Anywhere),
    // я, ю, ё, е after i: ia/iu/io/ie are ya/yu/yo/ye (Tokio = Tokyo, Iakoutsk).
    rule("ia", "ya", When::Anywhere),
    rule("iu", "yu", When::Anywhere),
    rule("io", "yo", When::Anywhere),
    rule("ie", "ye", When::Anywhere),
    // Russian surname endings: -ev, -ov, German -ew/-ow, French -eff/-off.
    rule("eff", "ev", When::WordEnd),
    rule("off", "ev", When::WordEnd),
    rule("ov", "ev", When::WordEnd),
    rule("ow", "ev", When::WordEnd),
    rule("ew", "ev", When::WordEnd),
    // й at the end: Andrey, Andrej, Andrei; -iy, -ij (Vasiliy) collapse to -i below.
    rule("y", "i", When::WordEnd),
    rule("j", "i", When::WordEnd),
    // Letters with one sound in other spellings.
    rule("w", "v", When::Anywhere),
    rule("x", "ks", When::Anywhere),
    rule("ck", "k", When::Anywhere),
    rule("ph", "f", When::Anywhere),
    rule("q", "k", When::Anywhere),
    rule("ce", "se", When::Anywhere),
    rule("ci", "Si", When::Anywhere),
    rule("c", "k", When::Anywhere),
];

const fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Cyrillic to Latin, close to the BGN/PCGN system English texts use. `е` starts with a
/// "y" at the start of a word and after a vowel (Ельцин = Yeltsin). Diacritics are already
/// folded away (ё is е, й is и).
fn cyrillic(c: char, previous: Option<char>) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'є' => match previous {
            None | Some('а' | 'е' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'ь' | 'ъ') => {
                "ye"
            }
            _ => "e",
        },
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'ї' => "yi",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// A word's key and, for each key character, the index of the first character of the
/// word it came from (so a match on the key can be highlighted on the word).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keyed {
    pub key: String,
    pub origin: Vec<u32>,
}

impl Keyed {
    /// Word character range covered by key characters `from..to`.
    pub fn word_span(&self, from: usize, to: usize, word_chars: usize) -> std::ops::Range<usize> {
        let start = self.origin.get(from).map_or(word_chars, |&o| o as usize);
        let end = self.origin.get(to).map_or(word_chars, |&o| o as usize);
        start..end.max(start)
    }
}

/// Indices into `RULES` by the first letter of their pattern (all patterns are ASCII).
fn rules_by_first_letter() -> &'static [Vec<u8>; 128] {
    static TABLE: std::sync::OnceLock<[Vec<u8>; 128]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: [Vec<u8>; 128] = std::array::from_fn(|_| Vec::new());
        for (index, rule) in RULES.iter().enumerate() {
            table[rule.from.as_bytes()[0] as usize].push(index as u8);
        }
        table
    })
}

/// Longest word rewritten on the stack; longer ones use the heap.
const STACK_WORD: usize = 48;

/// The rewrite of one folded word, character by character: `emit(c, origin)` for each key
/// character before doubled letters collapse, `origin` being the word character it came
/// from. Runs for every word of the index, so it avoids allocating for ordinary words.
fn rewrite(word: &str, mut emit: impl FnMut(char, u32)) {
    // Step 1: Cyrillic to Latin, remembering where each Latin letter came from.
    let mut stack = [('\0', 0u32); STACK_WORD];
    let mut heap = Vec::new();
    let mut len = 0;
    let mut push = |c: char, origin: u32| {
        if len < STACK_WORD {
            stack[len] = (c, origin);
        } else {
            if heap.is_empty() {
                heap.extend_from_slice(&stack);
            }
            heap.push((c, origin));
        }
        len += 1;
    };
    let mut previous = None;
    for (index, c) in word.chars().enumerate() {
        match cyrillic(c, previous) {
            Some(text) => text.chars().for_each(|l| push(l, index as u32)),
            None => push(c, index as u32),
        }
        previous = Some(c);
    }
    let latin: &[(char, u32)] = if len <= STACK_WORD {
        &stack[..len]
    } else {
        &heap
    };
    // Step 2: the rule table, longest match first, left to right.
    let table = rules_by_first_letter();
    let mut at = 0;
    while at < latin.len() {
        let (here, origin) = latin[at];
        let mut best: Option<&Rule> = None;
        let candidates: &[u8] = if here.is_ascii() {
            &table[here as usize]
        } else {
            &[]
        };
        for &index in candidates {
            let rule = &RULES[index as usize];
            let len = rule.from.len();
            if best.is_some_and(|b| b.from.len() >= len) || at + len > latin.len() {
                continue;
            }
            if !rule
                .from
                .bytes()
                .zip(&latin[at..])
                .all(|(a, &(b, _))| a as char == b)
            {
                continue;
            }
            let next = latin.get(at + len).map(|&(c, _)| c);
            let applies = match rule.when {
                When::Anywhere => true,
                When::BeforeVowel => next.is_some_and(is_vowel),
                When::NotBeforeVowel => !next.is_some_and(is_vowel),
                When::WordEnd => next.is_none() && latin.len() >= 4,
            };
            if applies {
                best = Some(rule);
            }
        }
        match best {
            Some(rule) => {
                rule.to.chars().for_each(|c| emit(c, origin));
                at += rule.from.len();
            }
            None => {
                emit(here, origin);
                at += 1;
            }
        }
    }
}

/// The key of one folded word, with the origin of each key character.
pub fn key(word: &str) -> Keyed {
    let mut out = Keyed {
        key: String::with_capacity(word.len()),
        origin: Vec::with_capacity(word.len()),
    };
    let mut last = None;
    rewrite(word, |c, origin| {
        if !collapses(last, c) {
            out.key.push(c);
            out.origin.push(origin);
        }
        last = Some(c);
    });
    out
}

/// The key of one folded word, without the origins (for the index).
pub fn key_text(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    rewrite(word, |c, _| {
        if !collapses(last, c) {
            out.push(c);
        }
        last = Some(c);
    });
    out
}

/// Doubled letters collapse: spellings disagree on them (Hokkaido, Hokaido; Tooyoo).
fn collapses(last: Option<char>, c: char) -> bool {
    last == Some(c) && c.is_alphabetic()
}

/// Most readings of an ambiguous query word that are tried (the first is the word as
/// typed); bounds the work for a word full of j's and ou's.
pub const MAX_QUERY_KEYS: usize = 12;

/// Other readings of ambiguous spellings in a query word, each as a folded word.
fn readings_at(word: &[char], at: usize) -> Vec<(usize, &'static str)> {
    let c = word[at];
    let next = word.get(at + 1).copied();
    let previous = at.checked_sub(1).map(|p| word[p]);
    let mut out = Vec::new();
    match c {
        // German/Dutch j is y (Jelzin, Jalta); French j is zh (Joukov).
        'j' => out.extend([(1, "y"), (1, "zh")]),
        // Japanese ou is a long o (Touyou); French ou is u (Khrouchtchev).
        'o' if next == Some('u') => out.extend([(2, "o"), (2, "u")]),
        // A lone h for х (Hrushchev, Habarovsk).
        'h' if !previous.is_some_and(|p| matches!(p, 's' | 'c' | 'k' | 'z' | 'p' | 't' | 'o')) => {
            out.push((1, "kh"))
        }
        // ё written yo/jo or plain e (Gorbachyov = Gorbachev).
        'y' if next == Some('o') && previous.is_some_and(|p| !is_vowel(p)) => out.push((2, "e")),
        // Russian е at the start of a word written e (French Eltsine) or ye.
        'e' if at == 0 => out.push((1, "ye")),
        // Kunrei zi is ji (Huzi = Fuji), though German z is ts.
        'z' if next == Some('i') => out.push((1, "j")),
        _ => {}
    }
    out
}

/// Keys to try for one folded query word: its own key first, then the keys of other
/// readings of its ambiguous letters, without duplicates, at most `MAX_QUERY_KEYS`.
pub fn query_keys(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut spellings: Vec<Vec<char>> = vec![chars.clone()];
    // Expand position by position over the original word; each spelling keeps a cursor
    // offset so later positions still line up after earlier replacements.
    let mut frontier: Vec<(Vec<char>, isize)> = vec![(chars.clone(), 0)];
    for at in 0..chars.len() {
        let readings = readings_at(&chars, at);
        if readings.is_empty() {
            continue;
        }
        let mut grown = Vec::new();
        for (spelling, shift) in &frontier {
            for &(len, with) in &readings {
                let start = (at as isize + shift) as usize;
                if start + len > spelling.len() {
                    continue;
                }
                let mut next: Vec<char> = spelling[..start].to_vec();
                next.extend(with.chars());
                next.extend_from_slice(&spelling[start + len..]);
                let shift = shift + with.chars().count() as isize - len as isize;
                grown.push((next, shift));
            }
        }
        for (spelling, _) in &grown {
            spellings.push(spelling.clone());
        }
        frontier.extend(grown);
        if spellings.len() >= MAX_QUERY_KEYS * 2 {
            break;
        }
    }
    let mut keys: Vec<String> = Vec::new();
    for spelling in spellings {
        let text: String = spelling.into_iter().collect();
        let k = key_text(&text);
        if !keys.contains(&k) {
            keys.push(k);
        }
        if keys.len() == MAX_QUERY_KEYS {
            break;
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold;

    fn k(word: &str) -> String {
        key(&fold(word).text).key
    }

    /// Does some reading of the query word reach the key of the indexed word?
    fn meets(query: &str, indexed: &str) -> bool {
        query_keys(&fold(query).text).contains(&k(indexed))
    }

    #[test]
    fn russian_names_in_english_german_french_and_polish_meet() {
        for (variant, name) in [
            ("Chruschtschow", "Khrushchev"),
            ("Khrouchtchev", "Khrushchev"),
            ("Chruszczow", "Khrushchev"),
            ("Хрущёв", "Khrushchev"),
            ("Hrushchev", "Khrushchev"),
            ("Gorbatschow", "Gorbachev"),
            ("Gorbatchev", "Gorbachev"),
            ("Горбачев", "Gorbachev"),
            ("Gorbachyov", "Gorbachev"),
            ("Jelzin", "Yeltsin"),
            ("Eltsin", "Yeltsin"),
            ("Ельцин", "Yeltsin"),
            ("Molotow", "Molotov"),
            ("Molotoff", "Molotov"),
            ("Breschnew", "Brezhnev"),
            ("Brejnev", "Brezhnev"),
            ("Gromyko", "Громыко"),
            ("Sachalin", "Sakhalin"),
            ("Vladiwostok", "Vladivostok"),
            ("Wladiwostok", "Vladivostok"),
            ("Chabarowsk", "Khabarovsk"),
            ("Kamtschatka", "Kamchatka"),
            ("Jalta", "Yalta"),
            ("Joukov", "Zhukov"),
            ("Andrej", "Andrei"),
            ("Andrey", "Andrei"),
            ("Iakoutsk", "Yakutsk"),
            ("Tschita", "Chita"),
            ("Sowjetunion", "Sovietunion"),
        ] {
            assert!(meets(variant, name), "{variant} should meet {name}");
        }
    }

    #[test]
    fn japanese_romaji_in_hepburn_kunrei_and_wapuro_meet() {
        for (variant, name) in [
            ("Toyo", "Tōyō"),
            ("Touyou", "Tōyō"),
            ("Tooyoo", "Tōyō"),
            ("Tohyoh", "Tōyō"),
            ("Tokio", "Tokyo"),
            ("Toukyou", "Tokyo"),
            ("Keizou", "Keizō"),
            ("Sessyu", "Sesshū"),
            ("Sesshuu", "Sesshū"),
            ("Hokaido", "Hokkaido"),
            ("Hokkaidou", "Hokkaidō"),
            ("Tisima", "Chishima"),
            ("Situ", "Shitsu"),
            ("Huzi", "Fuji"),
            ("Yosuke", "Yōsuke"),
            ("Matuoka", "Matsuoka"),
            ("Sinbun", "Shimbun"),
            ("Syowa", "Shōwa"),
            ("Ohira", "Ōhira"),
        ] {
            assert!(meets(variant, name), "{variant} should meet {name}");
        }
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, b) in [
            ("Sato", "Saito"),
            ("Tokyo", "Kyoto"),
            ("Kono", "Konoe"),
            ("Molotov", "Malenkov"),
            ("Sakhalin", "Sakharin"),
            ("Kuril", "Korea"),
            ("Yalta", "Malta"),
            ("Ohira", "Ota"),
            ("Chita", "Chiba"),
            ("Stalin", "Stalino"),
            ("Japan", "Chapan"),
            ("Putin", "Pushkin"),
            ("Gromyko", "Gromov"),
            ("Tanaka", "Tanak"),
            ("Nakasone", "Nakasono"),
        ] {
            assert!(!meets(a, b) && !meets(b, a), "{a} and {b} must not meet");
        }
    }

    #[test]
    fn rules_in_detail() {
        assert_eq!(k("Khrushchev"), "CruSCev");
        assert_eq!(k("Yeltsin"), "yelZin");
        assert_eq!(k("Tōyō"), "toyo");
        assert_eq!(k("Hokkaido"), "hokaido");
        assert_eq!(k("Washington"), "vaSington");
        assert_eq!(k("Ohira"), "ohira");
        assert_eq!(k("pact"), "pakt");
        // Digits and CJK pass through.
        assert_eq!(k("1956"), "1956");
        assert_eq!(k("東京"), "東京");
        // Short words keep their endings: "of" is not a surname.
        assert_eq!(k("of"), "of");
    }

    #[test]
    fn key_positions_map_back_to_the_word() {
        let keyed = key("khrushchev");
        assert_eq!(keyed.key, "CruSCev");
        // "C" covers "kh", "SC" covers "shch".
        assert_eq!(keyed.word_span(0, 1, 10), 0..2);
        assert_eq!(keyed.word_span(3, 5, 10), 4..8);
        assert_eq!(keyed.word_span(5, 7, 10), 8..10);
    }

    #[test]
    fn query_keys_are_bounded_and_start_with_the_word_itself() {
        let keys = query_keys("jojojojojojojo");
        assert!(keys.len() <= MAX_QUERY_KEYS);
        assert_eq!(keys[0], key("jojojojojojojo").key);
        assert_eq!(query_keys("stalin"), vec!["stalin".to_string()]);
    }
}
