//! otklik: the back office of a citizens' feedback platform.
//!
//! - [`domain`]: the rules, with no I/O
//! - [`service`]: the `Service` trait and its two implementations
//! - [`store`]: the embedded SQLite store

pub mod domain;
pub mod service;
pub mod store;
