//! Edit distance for typo tolerance: optimal string alignment (insert, delete, substitute,
//! swap two neighbours), bounded so that a vocabulary scan stops early on far words.
//! Works on bytes: keys of Latin and Cyrillic words are ASCII (see `translit.rs`); other
//! scripts get no typo tolerance, where letter-level typos mean little anyway.

/// Longest word (in bytes) compared for typos; longer words only match exactly or by prefix.
pub const MAX_LEN: usize = 48;

/// Distance between `term` and `word` if it is at most `max`, else None. With `prefix`,
/// the distance to the closest prefix of `word` (the term is still being typed).
pub fn bounded(term: &[u8], word: &[u8], max: usize, prefix: bool) -> Option<usize> {
    let (n, m) = (term.len(), word.len());
    if n > MAX_LEN || m > MAX_LEN + max {
        return None;
    }
    if !prefix && n.abs_diff(m) > max {
        return None;
    }
    if prefix && m + max < n {
        return None;
    }
    // Only prefixes of the word up to n + max letters can be within reach.
    let m = if prefix { m.min(n + max) } else { m };
    let word = &word[..m];
    // Rows i-2, i-1 and i of the (n+1) x (m+1) table, over the word's letters.
    let mut before = [0u8; MAX_LEN + 3];
    let mut previous = [0u8; MAX_LEN + 3];
    let mut current = [0u8; MAX_LEN + 3];
    for (j, cell) in previous.iter_mut().enumerate().take(m + 1) {
        *cell = j as u8;
    }
    for i in 1..=n {
        current[0] = i as u8;
        let mut row_min = current[0];
        for j in 1..=m {
            let cost = u8::from(term[i - 1] != word[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && term[i - 1] == word[j - 2] && term[i - 2] == word[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
            row_min = row_min.min(best);
        }
        if row_min as usize > max {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    // `previous` now holds row n.
    let distance = if prefix {
        previous[..=m].iter().copied().min().unwrap_or(u8::MAX)
    } else {
        previous[m]
    } as usize;
    (distance <= max).then_some(distance)
}

/// Positions in `word` of the letters that match `term` in a closest alignment (for
/// highlighting a typo match on the letters that do match).
pub fn aligned_positions(term: &[u8], word: &[u8], prefix: bool) -> Vec<usize> {
    let (n, m) = (term.len(), word.len());
    if n > MAX_LEN || m > 4 * MAX_LEN {
        return Vec::new();
    }
    let width = m + 1;
    let mut table = vec![0usize; (n + 1) * width];
    for (j, cell) in table.iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=n {
        table[i * width] = i;
        for j in 1..=m {
            let cost = usize::from(term[i - 1] != word[j - 1]);
            let mut best = (table[(i - 1) * width + j] + 1)
                .min(table[i * width + j - 1] + 1)
                .min(table[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && term[i - 1] == word[j - 2] && term[i - 2] == word[j - 1] {
                best = best.min(table[(i - 2) * width + j - 2] + 1);
            }
            table[i * width + j] = best;
        }
    }
    // End at the whole word, or for a prefix at the closest prefix (shortest on ties).
    let mut j = m;
    if prefix {
        j = (0..=m)
            .min_by_key(|&j| (table[n * width + j], j))
            .unwrap_or(m);
    }
    let mut i = n;
    let mut out = Vec::new();
    while i > 0 && j > 0 {
        let here = table[i * width + j];
        if term[i - 1] == word[j - 1] && here == table[(i - 1) * width + j - 1] {
            out.push(j - 1);
            i -= 1;
            j -= 1;
        } else if here == table[(i - 1) * width + j - 1] + 1 {
            i -= 1;
            j -= 1;
        } else if i > 1
            && j > 1
            && term[i - 1] == word[j - 2]
            && term[i - 2] == word[j - 1]
            && here == table[(i - 2) * width + j - 2] + 1
        {
            // A swap: both letters are there, in the other order.
            out.extend([j - 1, j - 2]);
            i -= 2;
            j -= 2;
        } else if here == table[(i - 1) * width + j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        bounded(a.as_bytes(), b.as_bytes(), max, false)
    }

    #[test]
    fn each_kind_of_edit_costs_one() {
        assert_eq!(d("pakt", "pact", 2), Some(1)); // substitute
        assert_eq!(d("neutrlity", "neutrality", 2), Some(1)); // insert
        assert_eq!(d("neutrallity", "neutrality", 2), Some(1)); // delete
        assert_eq!(d("nuetrality", "neutrality", 2), Some(1)); // swap
        assert_eq!(d("nuetralty", "neutrality", 2), Some(2));
        assert_eq!(d("nuetralty", "neutrality", 1), None);
        assert_eq!(d("stalin", "stalin", 0), Some(0));
        assert_eq!(d("abc", "xyz", 2), None);
    }

    #[test]
    fn prefix_distance_is_to_the_closest_prefix() {
        assert_eq!(bounded(b"neutr", b"neutrality", 1, true), Some(0));
        assert_eq!(bounded(b"nuetr", b"neutrality", 1, true), Some(1));
        assert_eq!(bounded(b"nxxtr", b"neutrality", 1, true), None);
        assert_eq!(bounded(b"neutr", b"neutrality", 1, false), None);
    }

    #[test]
    fn alignment_marks_the_letters_that_match() {
        // "pakt" against "pact": p, a and t match; k does not.
        assert_eq!(aligned_positions(b"pakt", b"pact", false), vec![0, 1, 3]);
        // A swap highlights both swapped letters.
        assert_eq!(aligned_positions(b"nuet", b"neut", false), vec![0, 1, 2, 3]);
        // A prefix alignment stops at the closest prefix.
        assert_eq!(
            aligned_positions(b"neu", b"neutrality", true),
            vec![0, 1, 2]
        );
    }
}
