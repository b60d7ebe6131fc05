//! lede: find and fix the damage in scraped, machine-translated news.
//!
//! The analysis core ([`engine`], [`rules`], [`tags`], [`text`],
//! [`config`], [`fix`]) is pure: text and configuration in, findings with
//! fixes out, no I/O. The [`cli`] and [`lsp`] modules are thin adapters.

pub mod cli;
pub mod config;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod lsp;
pub mod rules;
pub mod tags;
pub mod text;

pub use config::Config;
pub use engine::{CorpusIndex, DocAnalysis, Engine};
pub use finding::{Edit, Finding, Fix, Severity};
