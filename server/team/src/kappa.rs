//! Cohen's κ: agreement of two coders who each give every item one code,
//! corrected for the agreement their code frequencies would give by chance.
//! κ = (p_o − p_e) / (1 − p_e), with p_o the observed share of agreeing
//! items and p_e = Σ_k (a_k / N)(b_k / N) over codes k (Cohen 1960).

use std::collections::BTreeMap;

use serde::Serialize;

/// The confusion table of two coders and the κ it gives.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kappa {
    /// Items coded by both.
    pub items: usize,
    /// Observed agreement p_o.
    pub observed: Option<f64>,
    /// Chance agreement p_e.
    pub expected: Option<f64>,
    /// κ; `None` with no items, or when chance agreement is already 1 (both
    /// coders gave every item the same single code: κ is undefined).
    pub kappa: Option<f64>,
    /// `table[a_code][b_code]` = items coded so by A and B.
    pub table: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Kappa {
    /// Adds one item coded `a` by the first coder and `b` by the second.
    pub fn add(&mut self, a: &str, b: &str) {
        *self.table.entry(a.to_string()).or_default().entry(b.to_string()).or_default() += 1;
        self.items += 1;
        self.compute();
    }

    /// Adds every item of another table (pooling documents).
    pub fn extend(&mut self, other: &Kappa) {
        for (a, row) in &other.table {
            for (b, n) in row {
                *self.table.entry(a.clone()).or_default().entry(b.clone()).or_default() += n;
                self.items += n;
            }
        }
        self.compute();
    }

    fn compute(&mut self) {
        let n = self.items as f64;
        if self.items == 0 {
            (self.observed, self.expected, self.kappa) = (None, None, None);
            return;
        }
        let mut a_marg: BTreeMap<&str, usize> = BTreeMap::new();
        let mut b_marg: BTreeMap<&str, usize> = BTreeMap::new();
        let mut agree = 0;
        for (a, row) in &self.table {
            for (b, &k) in row {
                *a_marg.entry(a).or_default() += k;
                *b_marg.entry(b).or_default() += k;
                if a == b {
                    agree += k;
                }
            }
        }
        let po = agree as f64 / n;
        let pe: f64 = a_marg
            .iter()
            .map(|(code, &na)| na as f64 / n * (*b_marg.get(code).unwrap_or(&0) as f64 / n))
            .sum();
        self.observed = Some(po);
        self.expected = Some(pe);
        self.kappa = (pe < 1.0).then(|| (po - pe) / (1.0 - pe));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_table(codes: &[&str], table: &[&[usize]]) -> Kappa {
        let mut k = Kappa::default();
        for (i, row) in table.iter().enumerate() {
            for (j, &n) in row.iter().enumerate() {
                for _ in 0..n {
                    k.add(codes[i], codes[j]);
                }
            }
        }
        k
    }

    #[test]
    fn two_codes_by_hand() {
        // 50 items: A yes/B yes 20, yes/no 5, no/yes 10, no/no 15.
        // p_o = 35/50 = 0.7; A says yes 25/50, B 30/50;
        // p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
        let k = from_table(&["yes", "no"], &[&[20, 5], &[10, 15]]);
        assert_eq!(k.items, 50);
        assert!((k.observed.unwrap() - 0.7).abs() < 1e-12);
        assert!((k.expected.unwrap() - 0.5).abs() < 1e-12);
        assert!((k.kappa.unwrap() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn four_codes_by_hand() {
        // Sentences coded NONE/SIGNING/PURPOSE/COMMITMENT by two annotators:
        //            B: NONE SIGN PURP COMM   (A totals)
        // A: NONE        40    2    1    3     46
        //    SIGNING      1   10    0    0     11
        //    PURPOSE      2    0    6    2     10
        //    COMMITMENT   3    0    1    9     13
        // (B totals)     46   12    8   14     80
        // p_o = 65/80 = 0.8125
        // p_e = (46·46 + 11·12 + 10·8 + 13·14) / 6400 = 2510/6400 = 0.3921875
        // κ = (0.8125 − 0.3921875) / (1 − 0.3921875) = 0.4203125/0.6078125 = 0.691516709…
        let codes = ["NONE", "SIGNING", "PURPOSE", "COMMITMENT"];
        let k = from_table(&codes, &[&[40, 2, 1, 3], &[1, 10, 0, 0], &[2, 0, 6, 2], &[3, 0, 1, 9]]);
        assert!((k.observed.unwrap() - 0.8125).abs() < 1e-12);
        assert!((k.expected.unwrap() - 0.3921875).abs() < 1e-12);
        assert!((k.kappa.unwrap() - 0.4203125 / 0.6078125).abs() < 1e-12);
        assert!((k.kappa.unwrap() - 0.691_516_709).abs() < 1e-9);
        // Pooling two halves gives the same table and κ.
        let mut pooled = from_table(&codes, &[&[40, 2, 1, 3], &[1, 10, 0, 0], &[0; 4], &[0; 4]]);
        pooled.extend(&from_table(&codes, &[&[0; 4], &[0; 4], &[2, 0, 6, 2], &[3, 0, 1, 9]]));
        assert_eq!(pooled, k);
    }

    #[test]
    fn perfect_chance_and_degenerate_tables() {
        let k = from_table(&["a", "b"], &[&[5, 0], &[0, 5]]);
        assert_eq!(k.kappa, Some(1.0));
        // Agreement exactly at chance: κ = 0.
        let k = from_table(&["a", "b"], &[&[1, 1], &[1, 1]]);
        assert_eq!(k.kappa, Some(0.0));
        // Systematic disagreement: κ < 0.
        assert!(from_table(&["a", "b"], &[&[0, 5], &[5, 0]]).kappa.unwrap() < 0.0);
        // One code everywhere on both sides: p_e = 1, κ undefined.
        let k = from_table(&["a"], &[&[7]]);
        assert_eq!((k.observed, k.kappa), (Some(1.0), None));
        assert_eq!(Kappa::default().kappa, None);
    }
}
