//! lede: find and fix the damage in scraped, machine-translated news.
//!
//! The analysis core ([`engine`], [`rules`], [`tags`], [`text`],
//! [`config`], [`fix`]) is pure: text and configuration in, findings with
//! fixes out, no I/O. The [`cli`] and [`lsp`] modules are thin adapters.

pub mod base;
pub mod cli;
pub mod config;
pub mod engine;
pub mod exchange;
pub mod lsp;
pub mod rules;
pub mod scan;
pub mod tags;

pub use base::{finding, fix, text};

pub use base::finding::{Edit, Finding, Fix, Severity};
pub use config::Config;
pub use engine::{CorpusIndex, DocAnalysis, Engine};
