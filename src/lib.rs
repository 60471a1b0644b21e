//! otklik: the back office of a citizens' feedback platform.
//!
//! - [`domain`]: the rules of the domain, with no I/O
//! - [`service`]: the surface (one table of operations), sessions, the
//!   rules over the store port, and the HTTP client
//! - [`store`]: the store port and its SQLite implementation
//! - [`api`]: what the server and the client share besides the table
//! - [`server`]: `otklik serve`
//! - [`app`]: the composition root: options → settings, backend, session
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
pub mod sms;
pub mod store;
pub mod tui;
