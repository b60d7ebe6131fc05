//! The leaf layer: text positions, findings, fixes and rule metadata.
//!
//! **Architecture Invariant:** `base` imports nothing of the crate but
//! itself (std and serde only). Every other layer builds on it, so its
//! types are plain data that any layer can hold.

pub mod encoding;
pub mod finding;
pub mod fix;
pub mod rule_meta;
pub mod sorted_map;
pub mod text;
