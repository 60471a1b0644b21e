//! otklik: the back office of a citizens' feedback platform.
//!
//! - [`domain`]: the rules, with no I/O
//! - [`service`]: the `Service` trait and its two implementations
//! - [`store`]: the embedded SQLite store
//! - [`api`]: HTTP paths and wire forms shared by server and client
//! - [`server`]: `otklik serve`

pub mod api;
pub mod domain;
pub mod i18n;
pub mod server;
pub mod service;
pub mod store;
