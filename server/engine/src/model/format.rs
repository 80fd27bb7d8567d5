//! The weights file, `data/model/weights.bin`: what `pactum train` writes and
//! the engine compiles in. Kept free of crate dependencies because the
//! engine's build script includes it too (`#[path]`), so a missing or
//! corrupt file fails the build with the same message the engine would give.
//!
//! Layout (little-endian): the magic `PACTUMW1`; then the clause and the
//! entity model, each `classes: u8, bits: u8, scale: f32, count: u32` and
//! `count` entries `index: u32, weight: i16` (index = bucket × classes +
//! class, strictly increasing; weight × scale is the real weight); then the
//! entity model's drop threshold and the clause threshold (`f32` each); then an FNV-1a 64 checksum of all
//! the bytes before it. Sparse because most hashed buckets stay empty.

use std::fmt;

pub const MAGIC: &[u8; 8] = b"PACTUMW1";

/// One linear model, quantised.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub classes: u8,
    /// log2 of the number of feature buckets.
    pub bits: u8,
    pub scale: f32,
    pub entries: Vec<(u32, i16)>,
}

/// The whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub clause: Section,
    pub entity: Section,
    /// The entity re-scorer drops a rule's span only when its probability of
    /// being no entity is above this.
    pub entity_drop: f32,
    /// The clause classifier labels a sentence only when its likeliest
    /// label's probability reaches this.
    pub clause_min: f32,
}

/// Why a weights file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    BadMagic,
    Truncated { what: &'static str },
    Checksum { stored: u64, computed: u64 },
    BadSection { what: &'static str, problem: &'static str },
    TrailingBytes(usize),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::BadMagic => f.write_str("not a Pactum weights file (it does not start with `PACTUMW1`)"),
            FormatError::Truncated { what } => write!(f, "the file ends inside the {what}"),
            FormatError::Checksum { stored, computed } => write!(
                f,
                "checksum mismatch (stored {stored:016x}, computed {computed:016x}): the file is corrupt or was edited"
            ),
            FormatError::BadSection { what, problem } => write!(f, "the {what} is malformed: {problem}"),
            FormatError::TrailingBytes(n) => write!(f, "{n} unexpected bytes before the checksum"),
        }
    }
}

impl std::error::Error for FormatError {}

/// FNV-1a, 64 bits: a stable checksum needing no dependency.
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

pub fn encode(w: &Weights) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    for s in [&w.clause, &w.entity] {
        out.push(s.classes);
        out.push(s.bits);
        out.extend_from_slice(&s.scale.to_le_bytes());
        out.extend_from_slice(&(s.entries.len() as u32).to_le_bytes());
        for (index, weight) in &s.entries {
            out.extend_from_slice(&index.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
    }
    out.extend_from_slice(&w.entity_drop.to_le_bytes());
    out.extend_from_slice(&w.clause_min.to_le_bytes());
    let sum = fnv64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], FormatError> {
        let end = self.at + N;
        let slice = self.bytes.get(self.at..end).ok_or(FormatError::Truncated { what })?;
        self.at = end;
        let mut out = [0; N];
        out.copy_from_slice(slice);
        Ok(out)
    }
}

pub fn decode(bytes: &[u8]) -> Result<Weights, FormatError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(FormatError::BadMagic);
    }
    let body_len = bytes.len().checked_sub(8).ok_or(FormatError::Truncated { what: "checksum" })?;
    let (body, sum) = bytes.split_at(body_len);
    let mut stored = [0; 8];
    stored.copy_from_slice(sum);
    let (stored, computed) = (u64::from_le_bytes(stored), fnv64(body));
    if stored != computed {
        return Err(FormatError::Checksum { stored, computed });
    }
    let mut r = Reader { bytes: body, at: MAGIC.len() };
    let clause = section(&mut r, "clause model")?;
    let entity = section(&mut r, "entity model")?;
    let entity_drop = f32::from_le_bytes(r.take::<4>("entity drop threshold")?);
    let clause_min = f32::from_le_bytes(r.take::<4>("clause threshold")?);
    if r.at != body.len() {
        return Err(FormatError::TrailingBytes(body.len() - r.at));
    }
    if !(0.0..=1.0).contains(&entity_drop) {
        return Err(FormatError::BadSection { what: "entity drop threshold", problem: "not within 0–1" });
    }
    if !(0.0..=1.0).contains(&clause_min) {
        return Err(FormatError::BadSection { what: "clause threshold", problem: "not within 0–1" });
    }
    Ok(Weights { clause, entity, entity_drop, clause_min })
}

/// One model's entries as stored, borrowed from the file's bytes: for
/// bytes already checked by [`decode`] (the compiled-in weights, decoded
/// by the build script), read without a copy or a second check.
#[derive(Debug, Clone, Copy)]
pub struct SectionView<'a> {
    pub classes: u8,
    pub bits: u8,
    pub scale: f32,
    /// `count` records of six bytes: `index: u32, weight: i16`.
    records: &'a [u8],
}

impl SectionView<'_> {
    /// The entries, as [`Section::entries`] holds them.
    pub fn entries(&self) -> Entries<'_> {
        Entries(self.records.chunks_exact(6))
    }
}

/// The entries of a [`SectionView`] (an iterator of its own so that its
/// `next` is inlined: through `map` it was a call per entry).
pub struct Entries<'a>(std::slice::ChunksExact<'a, u8>);

impl Iterator for Entries<'_> {
    type Item = (u32, i16);

    #[inline]
    fn next(&mut self) -> Option<(u32, i16)> {
        let &[a, b, c, d, e, f] = <&[u8; 6]>::try_from(self.0.next()?).ok()?;
        Some((u32::from_le_bytes([a, b, c, d]), i16::from_le_bytes([e, f])))
    }
}

/// The whole file, borrowed (see [`SectionView`]).
#[derive(Debug, Clone, Copy)]
pub struct WeightsView<'a> {
    pub clause: SectionView<'a>,
    pub entity: SectionView<'a>,
    pub entity_drop: f32,
    pub clause_min: f32,
}

/// The layout of a file [`decode`] accepts, read in place: the magic, the
/// headers and the lengths are checked (so nothing is read out of
/// bounds), the checksum and the entries' order are not — for bytes that
/// `decode` has accepted before.
pub fn view(bytes: &[u8]) -> Result<WeightsView<'_>, FormatError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(FormatError::BadMagic);
    }
    let body = &bytes[..bytes.len().checked_sub(8).ok_or(FormatError::Truncated { what: "checksum" })?];
    let mut r = Reader { bytes: body, at: MAGIC.len() };
    let mut section_view = |what| -> Result<SectionView<'_>, FormatError> {
        let [classes, bits] = r.take::<2>(what)?;
        let scale = f32::from_le_bytes(r.take::<4>(what)?);
        let count = u32::from_le_bytes(r.take::<4>(what)?) as usize;
        let len = count.checked_mul(6).ok_or(FormatError::Truncated { what })?;
        let records = body.get(r.at..r.at + len).ok_or(FormatError::Truncated { what })?;
        r.at += len;
        Ok(SectionView { classes, bits, scale, records })
    };
    let clause = section_view("clause model")?;
    let entity = section_view("entity model")?;
    let entity_drop = f32::from_le_bytes(r.take::<4>("entity drop threshold")?);
    let clause_min = f32::from_le_bytes(r.take::<4>("clause threshold")?);
    if !(4..=24).contains(&clause.bits) || !(4..=24).contains(&entity.bits) {
        return Err(FormatError::BadSection { what: "model", problem: "feature bits must be 4–24" });
    }
    Ok(WeightsView { clause, entity, entity_drop, clause_min })
}

fn section(r: &mut Reader<'_>, what: &'static str) -> Result<Section, FormatError> {
    let [classes, bits] = r.take::<2>(what)?;
    let scale = f32::from_le_bytes(r.take::<4>(what)?);
    let count = u32::from_le_bytes(r.take::<4>(what)?) as usize;
    if !(2..=16).contains(&classes) {
        return Err(FormatError::BadSection { what, problem: "classes must be 2–16" });
    }
    if !(4..=24).contains(&bits) {
        return Err(FormatError::BadSection { what, problem: "feature bits must be 4–24" });
    }
    if !scale.is_finite() || scale < 0.0 {
        return Err(FormatError::BadSection { what, problem: "the scale is not a finite positive number" });
    }
    let size = (1usize << bits) * usize::from(classes);
    if count > size {
        return Err(FormatError::BadSection { what, problem: "more entries than weights" });
    }
    let mut entries = Vec::with_capacity(count);
    let mut last: Option<u32> = None;
    for _ in 0..count {
        let index = u32::from_le_bytes(r.take::<4>(what)?);
        let weight = i16::from_le_bytes(r.take::<2>(what)?);
        if index as usize >= size || last.is_some_and(|l| l >= index) {
            return Err(FormatError::BadSection {
                what,
                problem: "entry indices out of range or out of order",
            });
        }
        last = Some(index);
        entries.push((index, weight));
    }
    Ok(Section { classes, bits, scale, entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Weights {
        let s = |classes| Section { classes, bits: 4, scale: 0.01, entries: vec![(1, -3), (7, 200)] };
        Weights { clause: s(4), entity: s(14), entity_drop: 0.6, clause_min: 0.4 }
    }

    #[test]
    fn round_trips() {
        let w = sample();
        assert_eq!(decode(&encode(&w)), Ok(w));
    }

    #[test]
    fn the_view_reads_what_decode_reads() {
        let w = sample();
        let bytes = encode(&w);
        let v = view(&bytes).expect("a good file is viewed");
        for (s, sv) in [(&w.clause, v.clause), (&w.entity, v.entity)] {
            assert_eq!((s.classes, s.bits, s.scale), (sv.classes, sv.bits, sv.scale));
            assert_eq!(sv.entries().collect::<Vec<_>>(), s.entries);
        }
        assert_eq!((v.entity_drop, v.clause_min), (w.entity_drop, w.clause_min));
        for k in 0..bytes.len() {
            // Never a panic or an out-of-bounds read on a cut file.
            let _ = view(&bytes[..k]);
        }
    }

    #[test]
    fn every_corruption_is_refused_with_a_reason() {
        let good = encode(&sample());
        assert_eq!(decode(b"hello"), Err(FormatError::BadMagic));
        assert_eq!(
            decode(&good[..good.len() - 1]).map(|_| ()).unwrap_err().to_string().contains("checksum"),
            true
        );
        for k in 8..good.len() {
            let mut bad = good.clone();
            bad[k] ^= 0x10;
            assert!(decode(&bad).is_err(), "flipped byte {k} accepted");
        }
        // A well-formed checksum over a short body: the body itself is refused.
        let mut short = MAGIC.to_vec();
        short.push(4);
        let sum = fnv64(&short);
        short.extend_from_slice(&sum.to_le_bytes());
        assert_eq!(decode(&short), Err(FormatError::Truncated { what: "clause model" }));
    }
}
