//! One-to-one matching of spans, exactly as `score.py` does it: Kuhn's
//! augmenting paths, left vertices tried in order, each one's neighbours in
//! order. The size of a maximum matching is unique, but *which* pairs are
//! matched is not, and the clause scores' mean IoU depends on it; following
//! the same order gives the same pairs. Iterative, so a hostile file with
//! thousands of overlapping spans cannot overflow the stack.

/// `adj[i]` = right vertices left vertex `i` may match. Returns `(i, j)` pairs.
pub fn max_matching(n_right: usize, adj: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let mut match_r: Vec<Option<usize>> = vec![None; n_right];
    for i in 0..adj.len() {
        if !adj[i].is_empty() {
            let mut seen = vec![false; n_right];
            augment(i, adj, &mut match_r, &mut seen);
        }
    }
    match_r.iter().enumerate().filter_map(|(j, i)| i.map(|i| (i, j))).collect()
}

/// `try_assign(start, seen)` of `score.py`, with an explicit stack.
fn augment(start: usize, adj: &[Vec<usize>], match_r: &mut [Option<usize>], seen: &mut [bool]) -> bool {
    // Frames: (left vertex, next neighbour to try); `via[k]` is the right
    // vertex frame k descended through into frame k + 1.
    let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
    let mut via: Vec<usize> = Vec::new();
    while let Some(top) = stack.last_mut() {
        let i = top.0;
        let mut next = None;
        while top.1 < adj[i].len() {
            let j = adj[i][top.1];
            top.1 += 1;
            if j >= seen.len() || seen[j] {
                continue;
            }
            seen[j] = true;
            next = Some(j);
            break;
        }
        match next {
            Some(j) => match match_r[j] {
                None => {
                    // An augmenting path: flip every edge along it.
                    match_r[j] = Some(i);
                    while let Some(jj) = via.pop() {
                        stack.pop();
                        if let Some(&(ii, _)) = stack.last() {
                            match_r[jj] = Some(ii);
                        }
                    }
                    return true;
                }
                Some(k) => {
                    via.push(j);
                    stack.push((k, 0));
                }
            },
            None => {
                stack.pop();
                via.pop();
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_maximum_matching_through_augmenting_paths() {
        // 0 takes 0 first; 1 can only have 0, so 0 moves on to 1.
        let adj = vec![vec![0, 1], vec![0]];
        let mut m = max_matching(2, &adj);
        m.sort();
        assert_eq!(m, vec![(0, 1), (1, 0)]);
        // A long chain that needs a deep augmenting path.
        let n = 5000;
        let mut adj: Vec<Vec<usize>> = (0..n).map(|i| vec![i, i + 1]).collect();
        adj.push(vec![0]);
        assert_eq!(max_matching(n + 1, &adj).len(), n + 1);
        assert!(max_matching(3, &[vec![], vec![]]).is_empty());
    }

    /// The largest matching by trying every subset of edges (tiny graphs only).
    fn brute_force(n_right: usize, adj: &[Vec<usize>]) -> usize {
        fn go(i: usize, adj: &[Vec<usize>], used: &mut Vec<bool>) -> usize {
            if i == adj.len() {
                return 0;
            }
            let mut best = go(i + 1, adj, used);
            for &j in &adj[i] {
                if !used[j] {
                    used[j] = true;
                    best = best.max(1 + go(i + 1, adj, used));
                    used[j] = false;
                }
            }
            best
        }
        go(0, adj, &mut vec![false; n_right])
    }

    proptest::proptest! {
        #[test]
        fn kuhn_finds_a_maximum_one_to_one_matching(
            edges in proptest::collection::vec((0usize..6, 0usize..6), 0..18)
        ) {
            let mut adj = vec![Vec::new(); 6];
            for (i, j) in edges {
                if !adj[i].contains(&j) {
                    adj[i].push(j);
                }
            }
            let m = max_matching(6, &adj);
            // One to one, along edges, and as large as possible.
            let lefts: std::collections::HashSet<_> = m.iter().map(|p| p.0).collect();
            let rights: std::collections::HashSet<_> = m.iter().map(|p| p.1).collect();
            proptest::prop_assert_eq!(lefts.len(), m.len());
            proptest::prop_assert_eq!(rights.len(), m.len());
            proptest::prop_assert!(m.iter().all(|&(i, j)| adj[i].contains(&j)));
            proptest::prop_assert_eq!(m.len(), brute_force(6, &adj));
        }
    }

    #[test]
    fn same_pairs_as_the_python_order() {
        // Left 0 → {0, 1}, left 1 → {0, 1}: 0 takes 0; 1 tries 0 first and
        // pushes 0 on to 1 (score.py's try_assign does the same).
        let mut m = max_matching(2, &[vec![0, 1], vec![0, 1]]);
        m.sort();
        assert_eq!(m, vec![(0, 1), (1, 0)]);
    }
}
