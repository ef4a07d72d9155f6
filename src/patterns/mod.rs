//! Pattern taggers: regular expressions and rules that find entities no
//! list can enumerate (dates, amounts of money, new names).

pub mod date;
pub mod location;
pub mod money;
pub mod org;
pub mod person;
pub mod tokens;
