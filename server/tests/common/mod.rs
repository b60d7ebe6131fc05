//! Helpers shared by the integration tests (each test file that says
//! `mod common;` compiles all of them).

pub mod lsp_client;
pub mod rules;
pub mod shared;
