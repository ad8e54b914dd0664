//! eduops: the operations dashboard of the AI education platform on Azure.

pub mod action;
pub mod azure;
pub mod check;
pub mod checklist;
pub mod cli;
pub mod config;
pub mod model;
pub mod sim;
