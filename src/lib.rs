//! coursepack turns a course written as plain text (a `course.toml` and Markdown lessons) into
//! e-learning packages that any LMS accepts.
//!
//! The pipeline, stage by stage (each takes a value and returns a value):
//!
//! 1. [`source`] reads the course folder once — `course.toml` ([`source::config`]), the lesson
//!    files ([`source::directive`] scans block directives, [`source::lesson`] builds blocks) —
//!    and returns the checked [`model::Course`] with every [`diag::Diagnostic`] found.
//! 2. [`model`] is the course itself: lessons, blocks, tracked groups and questions with stable
//!    ids, text kept apart from structure so that translations swap text only.
//!
//! Later stages (rendering, packaging, validation) build on the model; see `ARCHITECTURE.md`.

pub mod color;
pub mod deflate;
pub mod diag;
pub mod i18n;
pub mod init;
pub mod inline;
pub mod model;
pub mod package;
pub mod palette;
pub mod preview;
pub mod refs;
pub mod render;
pub mod source;
pub mod validate;
pub mod xml;

pub use source::{load, LoadError, Loaded};
