//! An averaged multi-class perceptron over hashed features: the learner's
//! one trainable part (token tags for entities, sentence classes for clauses).
//!
//! Averaging uses the usual trick (Daumé): besides the weights `w` keep `u`,
//! the sum of every update times the step it happened at; the average of the
//! weights over all steps is then `w - u / c`. Weights set before the first
//! step (the *prior*: "what the rules say is right") count fully in it.

/// Feature ids are hashes; each indexes a row of `classes` weights.
pub struct Perceptron {
    classes: usize,
    buckets: usize,
    w: Vec<f32>,
    u: Vec<f32>,
    /// Steps taken (one per example seen), starting at 1.
    c: f32,
}

/// Trained, averaged weights: what predictions use.
#[derive(Clone)]
pub struct Weights {
    classes: usize,
    buckets: usize,
    w: Vec<f32>,
}

impl Perceptron {
    pub fn new(classes: usize, buckets: usize) -> Perceptron {
        let buckets = buckets.max(1);
        Perceptron {
            classes,
            buckets,
            w: vec![0.0; classes * buckets],
            u: vec![0.0; classes * buckets],
            c: 1.0,
        }
    }

    /// Sets a weight before training: a prior belief the examples may overturn.
    pub fn set_prior(&mut self, feature: u32, class: usize, weight: f32) {
        let row = (feature as usize % self.buckets) * self.classes;
        self.w[row + class] = weight;
    }

    pub fn scores(&self, features: &[u32], out: &mut [f32]) {
        score_into(&self.w, self.classes, self.buckets, features, out);
    }

    /// One example seen: when `predicted` is not `gold`, move the weights of
    /// its features towards `gold` and away from `predicted`.
    pub fn update(&mut self, features: &[u32], gold: usize, predicted: usize) {
        if gold != predicted {
            for &f in features {
                let row = (f as usize % self.buckets) * self.classes;
                self.w[row + gold] += 1.0;
                self.u[row + gold] += self.c;
                self.w[row + predicted] -= 1.0;
                self.u[row + predicted] -= self.c;
            }
        }
        self.c += 1.0;
    }

    pub fn averaged(&self) -> Weights {
        let c = self.c;
        let w = self.w.iter().zip(&self.u).map(|(w, u)| w - u / c).collect();
        Weights { classes: self.classes, buckets: self.buckets, w }
    }
}

impl Weights {
    pub fn scores(&self, features: &[u32], out: &mut [f32]) {
        score_into(&self.w, self.classes, self.buckets, features, out);
    }

    pub fn classes(&self) -> usize {
        self.classes
    }
}

fn score_into(w: &[f32], classes: usize, buckets: usize, features: &[u32], out: &mut [f32]) {
    out.iter_mut().for_each(|s| *s = 0.0);
    for &f in features {
        let row = (f as usize % buckets) * classes;
        for (s, x) in out.iter_mut().zip(&w[row..row + classes]) {
            *s += x;
        }
    }
}

/// FNV-1a of a feature's kind and value: a stable id (the same in every run,
/// so trained behaviour is reproducible).
pub fn feature(kind: &str, value: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in kind.bytes().chain([0xff]).chain(value.bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Index of the highest score among the `allowed` classes (ties: the lowest index).
pub fn argmax(scores: &[f32], allowed: impl Fn(usize) -> bool) -> usize {
    let mut best = None;
    for (k, &s) in scores.iter().enumerate() {
        if allowed(k) && best.is_none_or(|(_, b)| s > b) {
            best = Some((k, s));
        }
    }
    best.map_or(0, |(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_keeps_the_prior_where_no_example_disagrees() {
        let (a, b, bias) = (feature("w", "a"), feature("w", "b"), feature("bias", ""));
        let mut p = Perceptron::new(2, 1 << 10);
        // Prior: everything is class 0.
        p.set_prior(bias, 0, 0.5);
        for _ in 0..5 {
            for (f, gold) in [(a, 0), (b, 1)] {
                let mut s = [0.0; 2];
                p.scores(&[f, bias], &mut s);
                let pred = argmax(&s, |_| true);
                p.update(&[f, bias], gold, pred);
            }
        }
        let w = p.averaged();
        let mut s = [0.0; 2];
        w.scores(&[a, bias], &mut s);
        assert_eq!(argmax(&s, |_| true), 0);
        w.scores(&[b, bias], &mut s);
        assert_eq!(argmax(&s, |_| true), 1);
        w.scores(&[feature("w", "unseen"), bias], &mut s);
        assert_eq!(argmax(&s, |_| true), 0, "the prior decides what no example spoke about");
    }

    #[test]
    fn argmax_respects_the_allowed_classes() {
        assert_eq!(argmax(&[3.0, 1.0, 2.0], |k| k != 0), 2);
        assert_eq!(argmax(&[1.0, 1.0], |_| true), 0);
    }
}
