//! Byte kernels: pure functions over bytes that the rules and the JSON
//! writer share. They know nothing of rules or findings.
//!
//! **Architecture Invariant:** all `unsafe` code and every `std::arch`
//! intrinsic of the crate live in this folder (`tests/layering.rs` fails
//! otherwise), and every fast path has its oracle (a plain, obviously
//! right version) beside it, compared in its tests.

pub mod masks;
pub mod swar;
pub mod word_hash;
pub mod words;
