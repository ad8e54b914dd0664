//! The picker's state: which checklist, which environment, and whether a run can be resumed.

use super::model::{Catalog, Origin};
use super::run::Run;
use crate::model::Env;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerEntry {
    pub name: String,
    pub title: String,
    pub title_en: String,
    pub items: usize,
    pub auto_checked: usize,
    pub user_file: bool,
}

/// An unfinished run the picker offers to resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumable {
    pub id: String,
    pub checklist: String,
    pub env: Env,
    pub answered: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerFocus {
    Checklist,
    Env,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub entries: Vec<PickerEntry>,
    pub selected: usize,
    pub env: Env,
    pub focus: PickerFocus,
    pub unfinished: Vec<Resumable>,
    /// Problems of user checklist files, shown so a typo does not go unnoticed.
    pub errors: Vec<String>,
}

impl Picker {
    /// `unfinished` are the runs from the store that have no end yet (any order).
    pub fn new(catalog: &Catalog, env: Env, unfinished: &[Run]) -> Picker {
        Picker {
            entries: catalog
                .checklists
                .iter()
                .map(|c| PickerEntry {
                    name: c.name.clone(),
                    title: c.title.clone(),
                    title_en: c.title_en.clone(),
                    items: c.items.len(),
                    auto_checked: c.items.iter().filter(|i| i.auto.is_some()).count(),
                    user_file: matches!(c.origin, Origin::User(_)),
                })
                .collect(),
            selected: 0,
            env,
            focus: PickerFocus::Checklist,
            unfinished: unfinished
                .iter()
                .filter(|r| !r.is_finished())
                .map(|r| {
                    let (answered, total) = r.progress();
                    Resumable {
                        id: r.id.clone(),
                        checklist: r.checklist.clone(),
                        env: r.env,
                        answered,
                        total,
                    }
                })
                .collect(),
            errors: catalog.errors.iter().map(|e| e.to_string()).collect(),
        }
    }

    pub fn next(&mut self) {
        match self.focus {
            PickerFocus::Checklist if !self.entries.is_empty() => {
                self.selected = (self.selected + 1) % self.entries.len();
            }
            PickerFocus::Checklist => {}
            PickerFocus::Env => self.env = self.env.next(),
        }
    }

    pub fn prev(&mut self) {
        match self.focus {
            PickerFocus::Checklist if !self.entries.is_empty() => {
                self.selected = (self.selected + self.entries.len() - 1) % self.entries.len();
            }
            PickerFocus::Checklist => {}
            PickerFocus::Env => self.env = self.env.next().next(),
        }
    }

    pub fn toggle_focus(&mut self) {
        self.focus = match self.focus {
            PickerFocus::Checklist => PickerFocus::Env,
            PickerFocus::Env => PickerFocus::Checklist,
        };
    }

    pub fn selected_entry(&self) -> Option<&PickerEntry> {
        self.entries.get(self.selected)
    }

    /// The unfinished run of the selected checklist on the selected environment, if any:
    /// choosing it continues that run instead of starting another.
    pub fn resumable(&self) -> Option<&Resumable> {
        let name = &self.selected_entry()?.name;
        self.unfinished
            .iter()
            .find(|r| &r.checklist == name && r.env == self.env)
    }
}
