//! Pattern taggers: regular expressions and rules that find entities no
//! list can enumerate (dates, amounts of money, new names).

pub mod date;
pub mod location;
pub mod money;
pub mod org;
pub mod person;
pub mod tokens;

/// A small deterministic generator (xorshift64) for the taggers'
/// randomized tests against the code paths their fast paths replaced.
#[cfg(test)]
pub(crate) struct XorShift(pub u64);

#[cfg(test)]
impl XorShift {
    /// Steps the state and returns it.
    pub fn next(&mut self) -> u64 {
        let mut s = self.0;
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        self.0 = s;
        s
    }

    /// Steps the state and picks one of `items` with it.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        let s = self.next();
        items[(s % items.len() as u64) as usize]
    }

    /// `count` of `pieces`, picked one after another, glued together.
    pub fn glue(&mut self, pieces: &[&str], count: u64) -> String {
        (0..count).map(|_| self.pick(pieces)).collect()
    }
}
