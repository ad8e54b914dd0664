//! `eduops checklist …` subcommands.

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ChecklistCommand {
    /// List the checklists and past runs.
    List,
}
