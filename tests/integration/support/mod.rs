//! Shared helpers for integration tests.
#![allow(dead_code)]

pub mod check;
pub mod checklist;
pub mod pty;
pub mod script_server;
pub mod sim;
pub mod sim_http;
