//! eduops: the operations dashboard of the AI education platform on Azure.

pub mod action;
pub mod app;
pub mod audit;
pub mod azure;
pub mod check;
pub mod checklist;
pub mod cli;
pub mod config;
pub mod connect;
pub mod dashboard;
pub mod format;
pub mod fsutil;
pub mod health;
pub mod logging;
pub mod model;
pub mod mutation;
pub mod poll;
pub mod runtime;
pub mod sim;
pub mod startup;
#[doc(hidden)]
pub mod testing;
pub mod tui;
pub mod ui;
