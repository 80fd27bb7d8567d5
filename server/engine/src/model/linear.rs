//! Multinomial logistic regression over hashed features: the runtime model
//! (quantised weights, a sparse dot product per class and a softmax) and
//! its trainer (plain SGD with L2 decay in a fixed order, so the same
//! examples give the same bytes).
//!
//! Hand-written rather than linfa: inference must cost a few additions per
//! feature on the typing path and in the 20 MiB/s benchmark, the trainer must
//! be bit-for-bit deterministic, and linfa's dense ndarray design (and its
//! build time) fits neither hashed sparse features nor this machine.

use super::format::{Section, SectionView};

/// At most this many classes per model.
pub const MAX_CLASSES: usize = 16;

/// A trained model, ready to score.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    classes: usize,
    mask: u32,
    scale: f32,
    /// One row of weights per bucket, padded to a fixed width so that a
    /// feature costs one bounds check and a few vector adds.
    rows: Rows,
}

/// The weight rows, `rows[bucket][class]`: four wide for the clause model,
/// sixteen for the entity model (fourteen classes, padded with zeros).
/// Widened from the file's `i16` to `i32` once, at load: a row is then
/// added with plain 32-bit vector adds (sign-extending sixteen `i16` per
/// feature took three times the instructions), and a sixteen-wide row is
/// one aligned cache line.
#[derive(Debug, Clone, PartialEq)]
enum Rows {
    Four(Vec<[i32; 4]>),
    Sixteen(Vec<Row16>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(align(64))]
struct Row16([i32; MAX_CLASSES]);

/// Features summed in an `i32` before it could overflow (|weight| ≤ 2^15,
/// so 2^16 of them stay within ±2^31); the block sums are added in `i64`,
/// so a sentence of millions of words (one huge line) still sums exactly.
const BLOCK: usize = 1 << 16;

impl Linear {
    pub fn from_section(s: &Section) -> Linear {
        Linear::from_entries(s.classes, s.bits, s.scale, s.entries.iter().copied())
    }

    /// The model of a section read in place from the weights file's bytes.
    pub fn from_view(s: &SectionView<'_>) -> Linear {
        Linear::from_entries(s.classes, s.bits, s.scale, s.entries())
    }

    /// The dense rows of sparse `entries` (index = bucket × classes + class).
    fn from_entries(classes: u8, bits: u8, scale: f32, entries: impl Iterator<Item = (u32, i16)>) -> Linear {
        let stride = usize::from(classes).max(1);
        let classes = usize::from(classes).min(MAX_CLASSES);
        let buckets = 1usize << bits;
        let rows = if classes <= 4 {
            Rows::Four(scatter(vec![[0; 4]; buckets], stride, classes, entries))
        } else {
            Rows::Sixteen(scatter(vec![Row16([0; MAX_CLASSES]); buckets], stride, classes, entries))
        };
        Linear { classes, mask: (buckets - 1) as u32, scale, rows }
    }

    /// Class probabilities for hashed `features` (first `classes()` entries used).
    pub fn probabilities(&self, features: &[u32]) -> [f32; MAX_CLASSES] {
        match &self.rows {
            Rows::Four(rows) => self.probabilities_of(&add_rows(rows, |r| r, self.mask, features)),
            Rows::Sixteen(rows) => self.probabilities_of(&add_rows(rows, |r| &r.0, self.mask, features)),
        }
    }

    /// The softmax of the class sums; loops of fixed length for the class
    /// counts of the two models (the same arithmetic in the same order).
    #[inline]
    fn probabilities_of(&self, sums: &[i64]) -> [f32; MAX_CLASSES] {
        let mut p = [0f32; MAX_CLASSES];
        match self.classes {
            4 => scaled_softmax::<4>(sums, self.scale, &mut p),
            14 => scaled_softmax::<14>(sums, self.scale, &mut p),
            c => {
                for (v, s) in p[..c].iter_mut().zip(sums) {
                    *v = *s as f32 * self.scale;
                }
                softmax(&mut p[..c]);
            }
        }
        p
    }
}

/// `p[..C]` = the softmax of `sums[..C] × scale`.
#[inline]
fn scaled_softmax<const C: usize>(sums: &[i64], scale: f32, p: &mut [f32; MAX_CLASSES]) {
    let mut x = [0f32; C];
    for (v, s) in x.iter_mut().zip(sums) {
        *v = *s as f32 * scale;
    }
    softmax(&mut x);
    p[..C].copy_from_slice(&x);
}

/// `rows` with each entry's weight in its place (entries past the rows or
/// the classes are left out).
fn scatter<R: AsMut<[i32]>>(
    mut rows: Vec<R>,
    stride: usize,
    classes: usize,
    entries: impl Iterator<Item = (u32, i16)>,
) -> Vec<R> {
    for (index, w) in entries {
        let (bucket, class) = (index as usize / stride, index as usize % stride);
        if class < classes {
            if let Some(slot) = rows.get_mut(bucket).and_then(|r| r.as_mut().get_mut(class)) {
                *slot = i32::from(w);
            }
        }
    }
    rows
}

impl AsMut<[i32]> for Row16 {
    fn as_mut(&mut self) -> &mut [i32] {
        &mut self.0
    }
}

/// The rows of each feature's bucket summed (exactly: integers).
#[inline]
fn add_rows<R, const N: usize>(
    rows: &[R],
    weights: impl Fn(&R) -> &[i32; N] + Copy,
    mask: u32,
    features: &[u32],
) -> [i64; N] {
    let mut sums = [0i64; N];
    for block in features.chunks(BLOCK) {
        let acc = block_sum(rows, weights, mask, block);
        for (s, a) in sums.iter_mut().zip(acc) {
            *s += i64::from(a);
        }
    }
    sums
}

/// The rows of at most [`BLOCK`] features summed. Its own function, kept
/// out of line: inlined next to the `i64` widening, the compiler split the
/// accumulator into scalars and vectorised only its first four lanes.
#[inline(never)]
fn block_sum<R, const N: usize>(
    rows: &[R],
    weights: impl Fn(&R) -> &[i32; N],
    mask: u32,
    block: &[u32],
) -> [i32; N] {
    let mut acc = [0i32; N];
    for f in block {
        if let Some(row) = rows.get((f & mask) as usize) {
            let row = weights(row);
            for k in 0..N {
                acc[k] += row[k];
            }
        }
    }
    acc
}

fn softmax(x: &mut [f32]) {
    // The largest value by a plain comparison: `f32::max`'s NaN handling
    // costs four instructions a class, and the logits (integer sums times
    // a positive scale) are never NaN nor -0, so the result is the same.
    let max = x.iter().copied().fold(f32::NEG_INFINITY, |m, v| if v > m { v } else { m });
    let mut sum = 0.0;
    for v in x.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in x.iter_mut() {
        *v /= sum;
    }
}

/// Training settings of one model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub bits: u8,
    pub epochs: u32,
    pub learning_rate: f64,
    pub l2: f64,
    pub averaging: Averaging,
}

/// Which weights training ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Averaging {
    /// Those after the last step.
    Last,
    /// The mean of those after each epoch (steadier on small corpora).
    EpochMean,
}

/// One training example: hashed features and its class.
pub struct Example {
    pub features: Vec<u32>,
    pub class: usize,
}

/// SGD on the softmax loss; examples are visited in an order shuffled by a
/// fixed-seed generator, so the result depends only on the examples.
pub fn train(examples: &[Example], classes: usize, settings: &Settings) -> Section {
    let buckets = 1usize << settings.bits;
    let mask = (buckets - 1) as u32;
    let mut w = vec![0f64; buckets * classes];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut step = 0u64;
    let mut p = vec![0f64; classes];
    let mut sum = vec![0f64; if settings.averaging == Averaging::EpochMean { w.len() } else { 0 }];
    for _ in 0..settings.epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &e in &order {
            let ex = &examples[e];
            let lr = settings.learning_rate / (1.0 + step as f64 * 1e-4);
            step += 1;
            p.iter_mut().for_each(|v| *v = 0.0);
            for f in &ex.features {
                let at = (f & mask) as usize * classes;
                for (k, v) in p.iter_mut().enumerate() {
                    *v += w[at + k];
                }
            }
            let max = p.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mut sum = 0.0;
            for v in p.iter_mut() {
                *v = (*v - max).exp();
                sum += *v;
            }
            for f in &ex.features {
                let at = (f & mask) as usize * classes;
                for (k, pk) in p.iter().enumerate() {
                    let target = if k == ex.class { 1.0 } else { 0.0 };
                    let g = pk / sum - target;
                    let slot = &mut w[at + k];
                    *slot -= lr * (g + settings.l2 * *slot);
                }
            }
        }
        for (s, v) in sum.iter_mut().zip(&w) {
            *s += v;
        }
    }
    if settings.averaging == Averaging::EpochMean && settings.epochs > 0 {
        let n = f64::from(settings.epochs);
        w = sum.iter().map(|s| s / n).collect();
    }
    quantise(&w, classes, settings.bits)
}

fn quantise(w: &[f64], classes: usize, bits: u8) -> Section {
    let max = w.iter().fold(0f64, |m, v| m.max(v.abs()));
    let scale = if max > 0.0 { max / f64::from(i16::MAX) } else { 1.0 };
    let entries = w
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let q = (v / scale).round() as i16;
            (q != 0).then_some((i as u32, q))
        })
        .collect();
    Section { classes: classes as u8, bits, scale: scale as f32, entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition: a sum over the sparse entries, in i64.
    fn oracle(s: &Section, features: &[u32]) -> Vec<f32> {
        let c = usize::from(s.classes);
        let mask = (1u32 << s.bits) - 1;
        let mut count = vec![0i64; 1 << s.bits];
        for f in features {
            count[(f & mask) as usize] += 1;
        }
        let mut sums = vec![0i64; c];
        for (index, w) in &s.entries {
            sums[*index as usize % c] += i64::from(*w) * count[*index as usize / c];
        }
        let mut p: Vec<f32> = sums.iter().map(|v| *v as f32 * s.scale).collect();
        softmax(&mut p);
        p
    }

    #[test]
    fn padded_rows_score_exactly_as_the_sparse_weights_say() {
        for classes in [2u8, 4, 14, 16] {
            let mut rng = 0x9e37_79b9_7f4a_7c15u64;
            let mut next = || {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng
            };
            let size = 256 * u32::from(classes);
            let mut entries: Vec<(u32, i16)> = Vec::new();
            for i in 0..size {
                if next() % 3 == 0 {
                    entries.push((i, next() as i16));
                }
            }
            // The extremes, where an i32 sum of many features overflows.
            entries.push((size - 1, i16::MIN));
            entries.dedup_by_key(|e| e.0);
            let s = Section { classes, bits: 8, scale: 1e-4, entries };
            let model = Linear::from_section(&s);
            let few: Vec<u32> = (0..40).map(|_| next() as u32).collect();
            // More features than one i32 block holds, all on the extreme bucket.
            let many: Vec<u32> =
                std::iter::repeat(size / u32::from(classes) - 1).take(3 * BLOCK + 5).collect();
            for features in [&few[..], &many[..], &[]] {
                let got = model.probabilities(features);
                assert_eq!(&got[..usize::from(classes)], &oracle(&s, features)[..], "{classes} classes");
            }
        }
    }

    #[test]
    fn learns_a_separable_problem_and_is_deterministic() {
        let examples: Vec<Example> = (0..60u32)
            .map(|k| Example { features: vec![1000 + k % 3, 7, 99 + k], class: (k % 3) as usize })
            .collect();
        let settings =
            Settings { bits: 12, epochs: 10, learning_rate: 0.5, l2: 1e-6, averaging: Averaging::EpochMean };
        let a = train(&examples, 3, &settings);
        assert_eq!(a, train(&examples, 3, &settings), "same examples, same weights");
        let model = Linear::from_section(&a);
        for ex in &examples {
            let p = model.probabilities(&ex.features);
            let best = (0..3).max_by(|x, y| p[*x].total_cmp(&p[*y])).unwrap();
            assert_eq!(best, ex.class);
            assert!((p[..3].iter().sum::<f32>() - 1.0).abs() < 1e-4);
        }
    }
}
