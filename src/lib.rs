//! otklik: the back office of a citizens' feedback platform.
//!
//! - [`domain`]: the rules, with no I/O
//! - [`service`]: the `Service` trait and its two implementations
//! - [`store`]: the embedded SQLite store
//! - [`api`]: HTTP paths and wire forms shared by server and client
//! - [`server`]: `otklik serve`
//! - [`cli`]: the command line; [`tui`]: the terminal client
//! - [`demo`]: realistic demo data
//! - [`config`], [`i18n`]: settings and strings

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod mail;
pub mod server;
pub mod service;
pub mod sheets;
pub mod store;
pub mod tui;
