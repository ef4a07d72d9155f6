//! The binary layout of the default gazetteer's senses, shared by
//! `build.rs` (which writes it) and the gazetteer (which reads it).
//!
//! Every match of the default automaton looks up its surface's senses, so
//! they are fixed-width records read in place rather than text lines
//! split per match (which cost ~480 instructions a match):
//! - `strings`: each sense's canonical name followed by its id;
//! - `records`: [`RECORD_LEN`] bytes per sense: little-endian u32 offset
//!   of the canonical name in `strings`, u16 length of the canonical name,
//!   u16 length of the id (0: none), the kind code, 1 if the sense is
//!   flagged `common`, two zero bytes;
//! - `offsets`: n + 1 little-endian u32 record indices, the senses of
//!   surface `i` being records `offsets[i]..offsets[i + 1]`.

// build.rs includes this file by path and uses only the writing half.
#![allow(dead_code)]

/// Bytes per sense record.
pub const RECORD_LEN: usize = 12;

/// Kind codes in a record.
pub const PERSON: u8 = 0;
/// See [`PERSON`].
pub const LOCATION: u8 = 1;
/// See [`PERSON`].
pub const ORGANIZATION: u8 = 2;

/// One sense as stored: kind code, canonical name, id (empty: none),
/// `common` flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackedSense<'a> {
    pub kind: u8,
    pub canonical: &'a str,
    pub id: &'a str,
    pub common: bool,
}

/// Appends `sense` to `strings` and `records`.
///
/// # Panics
/// When the strings outgrow the u32/u16 fields (a build-time list far
/// beyond anything shipped), rather than write a corrupt table.
pub fn push(strings: &mut String, records: &mut Vec<u8>, sense: PackedSense) {
    let start = u32::try_from(strings.len()).expect("sense strings > 4 GiB");
    let canonical_len =
        u16::try_from(sense.canonical.len()).expect("canonical name > 64 KiB");
    let id_len = u16::try_from(sense.id.len()).expect("id > 64 KiB");
    strings.push_str(sense.canonical);
    strings.push_str(sense.id);
    records.extend_from_slice(&start.to_le_bytes());
    records.extend_from_slice(&canonical_len.to_le_bytes());
    records.extend_from_slice(&id_len.to_le_bytes());
    records.extend_from_slice(&[sense.kind, u8::from(sense.common), 0, 0]);
}

/// Reads record `record` (one [`RECORD_LEN`] slice); `None` when it points
/// outside `strings` or off a char boundary.
pub fn read<'a>(strings: &'a str, record: &[u8]) -> Option<PackedSense<'a>> {
    let u16_at = |at: usize| {
        Some(usize::from(u16::from_le_bytes(
            record.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let start =
        u32::from_le_bytes(record.get(0..4)?.try_into().ok()?) as usize;
    let canonical_end = start + u16_at(4)?;
    let id_end = canonical_end + u16_at(6)?;
    Some(PackedSense {
        kind: *record.get(8)?,
        canonical: strings.get(start..canonical_end)?,
        id: strings.get(canonical_end..id_end)?,
        common: *record.get(9)? != 0,
    })
}

/// The record range of surface `i`: entries `i` and `i + 1` of `offsets`.
pub fn surface_records(offsets: &[u8], i: usize) -> Option<(usize, usize)> {
    let at = |k: usize| {
        let bytes = offsets.get(4 * k..4 * k + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?) as usize)
    };
    Some((at(i)?, at(i + 1)?))
}
