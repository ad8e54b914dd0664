//! Checklist definitions: the shipped daily/weekly/monthly lists and user files of the same format.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::FileError;
use crate::config::error::did_you_mean;

/// What eduops can judge for an item from live data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AutoCheck {
    /// Every service of the environment Running.
    Health,
    /// Error lines in each service's log tail.
    ErrorLogs,
    /// CPU and memory peaks over 24 h against the thresholds.
    Performance,
    /// The Backups pane's verdicts.
    Backups,
    /// Open security alerts and Key Vault secret expiry.
    Security,
}

impl AutoCheck {
    pub fn as_str(self) -> &'static str {
        match self {
            AutoCheck::Health => "health",
            AutoCheck::ErrorLogs => "error-logs",
            AutoCheck::Performance => "performance",
            AutoCheck::Backups => "backups",
            AutoCheck::Security => "security",
        }
    }
}

/// A screen of the dashboard an item leads to; the TUI decides how to open it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemAction {
    /// The database restore form (the monthly DR test restores a scratch copy).
    RestoreForm,
}

impl ItemAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemAction::RestoreForm => "restore-form",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable key of the item inside its checklist (runs refer to items by it).
    pub id: String,
    /// The item as written in the ops guide.
    pub ko: String,
    pub en: String,
    /// What to look at.
    pub look: String,
    /// What good looks like.
    pub good: String,
    /// What to do if it is not good.
    pub if_not: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto: Option<AutoCheck>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ItemAction>,
}

/// Where a checklist came from, so errors and the picker can say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Shipped,
    User(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    /// Short name used on the command line (`eduops checklist run daily`).
    pub name: String,
    pub title: String,
    pub title_en: String,
    pub items: Vec<Item>,
    pub origin: Origin,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistFile {
    name: String,
    title: String,
    title_en: String,
    items: Vec<Item>,
}

const SHIPPED: [(&str, &str); 3] = [
    (
        "checklists/daily.toml",
        include_str!("../../checklists/daily.toml"),
    ),
    (
        "checklists/weekly.toml",
        include_str!("../../checklists/weekly.toml"),
    ),
    (
        "checklists/monthly.toml",
        include_str!("../../checklists/monthly.toml"),
    ),
];

impl Checklist {
    /// Parses the text of a checklist file; errors carry line, column and what was expected.
    pub fn parse(path: &Path, source: &str, origin: Origin) -> Result<Checklist, FileError> {
        let file: ChecklistFile =
            toml::from_str(source).map_err(|e| FileError::from_toml(path, source, &e))?;
        if !valid_name(&file.name) {
            let at = key_offset(source, "name");
            return Err(FileError::at_span(
                path,
                source,
                at.map(|i| i..i + 4),
                format!(
                    "name `{}` must be lowercase letters, digits and `-` (it is typed on the command line)",
                    file.name
                ),
            ));
        }
        if file.items.is_empty() {
            return Err(FileError::whole_file(
                path,
                "a checklist needs at least one [[items]] table",
            ));
        }
        let mut seen = BTreeMap::new();
        for (i, item) in file.items.iter().enumerate() {
            for (field, value) in [
                ("id", &item.id),
                ("ko", &item.ko),
                ("en", &item.en),
                ("look", &item.look),
                ("good", &item.good),
                ("if_not", &item.if_not),
            ] {
                if value.trim().is_empty() {
                    return Err(nth_item_error(
                        path,
                        source,
                        i,
                        format!(
                            "item {} (`{}`): `{field}` must not be empty",
                            i + 1,
                            item.id
                        ),
                    ));
                }
            }
            if let Some(first) = seen.insert(item.id.as_str(), i) {
                return Err(nth_item_error(
                    path,
                    source,
                    i,
                    format!(
                        "item id `{}` is used twice (items {} and {}); ids must be unique",
                        item.id,
                        first + 1,
                        i + 1
                    ),
                ));
            }
        }
        Ok(Checklist {
            name: file.name,
            title: file.title,
            title_en: file.title_en,
            items: file.items,
            origin,
        })
    }

    pub fn load(path: &Path) -> Result<Checklist, FileError> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| FileError::whole_file(path, format!("cannot read: {e}")))?;
        Checklist::parse(path, &source, Origin::User(path.to_path_buf()))
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// Byte offset of a top-level `key =` line (comments mentioning the key do not count).
fn key_offset(source: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        if trimmed.starts_with('[') {
            return None;
        }
        offset += line.len();
    }
    None
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Locates the `i`-th `[[items]]` header, the best place to point at for a whole-item problem.
fn nth_item_error(path: &Path, source: &str, i: usize, message: String) -> FileError {
    let span = source
        .match_indices("[[items]]")
        .nth(i)
        .map(|(at, s)| at..at + s.len());
    FileError::at_span(path, source, span, message)
}

/// The checklists eduops ships, in the guide's order (daily, weekly, monthly).
pub fn shipped() -> Result<Vec<Checklist>, FileError> {
    SHIPPED
        .iter()
        .map(|(path, source)| Checklist::parse(Path::new(path), source, Origin::Shipped))
        .collect()
}

/// Every checklist a user can run, and the problems of user files that could not be used.
///
/// User files (`*.toml` in `dir`) are layered over the shipped lists: a user file with a shipped
/// name replaces that list. A bad file is reported and skipped, so one typo does not take away
/// the daily checklist.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub checklists: Vec<Checklist>,
    pub errors: Vec<FileError>,
}

impl Catalog {
    pub fn load(user_dir: &Path) -> Catalog {
        let mut catalog = Catalog::default();
        match shipped() {
            Ok(lists) => catalog.checklists = lists,
            Err(e) => catalog.errors.push(e),
        }
        let entries = match std::fs::read_dir(user_dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return catalog,
            Err(e) => {
                catalog
                    .errors
                    .push(FileError::whole_file(user_dir, format!("cannot read: {e}")));
                return catalog;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            match Checklist::load(&path) {
                Ok(list) => catalog.add(list),
                Err(e) => catalog.errors.push(e),
            }
        }
        catalog
    }

    fn add(&mut self, list: Checklist) {
        match self.checklists.iter_mut().find(|c| c.name == list.name) {
            Some(existing) => *existing = list,
            None => self.checklists.push(list),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Checklist> {
        self.checklists.iter().find(|c| c.name == name)
    }

    /// The checklist called `name`, or an error naming the ones that exist.
    pub fn find(&self, name: &str) -> Result<&Checklist, String> {
        self.get(name).ok_or_else(|| {
            let names: Vec<&str> = self.checklists.iter().map(|c| c.name.as_str()).collect();
            let hint = did_you_mean(name, names.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!(
                "no checklist named `{name}`{hint}; available: {}",
                names.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_parse() {
        let lists = shipped().unwrap();
        let names: Vec<_> = lists.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["daily", "weekly", "monthly"]);
    }

    #[test]
    fn unknown_auto_kind_is_located() {
        let src = "name = \"x\"\ntitle = \"t\"\ntitle_en = \"t\"\n[[items]]\nid = \"a\"\nko = \"가\"\nen = \"a\"\nlook = \"l\"\ngood = \"g\"\nif_not = \"n\"\nauto = \"helth\"\n";
        let err = Checklist::parse(Path::new("x.toml"), src, Origin::Shipped).unwrap_err();
        assert_eq!(err.line, 11, "{err}");
        assert!(err.message.contains("health"), "{err}");
    }

    #[test]
    fn duplicate_ids_point_at_the_second_item() {
        let item = "[[items]]\nid = \"a\"\nko = \"가\"\nen = \"a\"\nlook = \"l\"\ngood = \"g\"\nif_not = \"n\"\n";
        let src = format!("name = \"x\"\ntitle = \"t\"\ntitle_en = \"t\"\n{item}{item}");
        let err = Checklist::parse(Path::new("x.toml"), &src, Origin::Shipped).unwrap_err();
        assert_eq!((err.line, err.column), (11, 1), "{err}");
        assert!(err.message.contains("twice"), "{err}");
    }

    #[test]
    fn unknown_checklist_name_suggests() {
        let catalog = Catalog::load(Path::new("/nonexistent-eduops-dir"));
        let err = catalog.find("dialy").unwrap_err();
        assert!(err.contains("did you mean `daily`"), "{err}");
    }
}
