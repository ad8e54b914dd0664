//! The shipped checklists against the ops guide, user checklists, and located errors.

use std::path::{Path, PathBuf};

use eduops::checklist::model::{AutoCheck, Catalog, Checklist, ItemAction, Origin, shipped};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checklists")
}

/// (heading, items) of the guide's "운영 체크리스트" section.
fn guide_lists(text: &str) -> Vec<(String, Vec<String>)> {
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            inside = line.contains("운영 체크리스트");
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            lists.push((h.trim().to_string(), Vec::new()));
        } else if let Some(item) = line.strip_prefix("- [ ] ")
            && let Some((_, items)) = lists.last_mut()
        {
            items.push(item.trim().to_string());
        }
    }
    lists
}

fn guide_text() -> String {
    // The guide lives beside the repository in the team's workspace; the fixture is a verbatim
    // copy of its checklist section, so the test also runs from a bare checkout.
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/ops-guide.ko.md");
    let fixture = std::fs::read_to_string(fixtures().join("ops-guide-checklists.ko.md")).unwrap();
    if let Ok(text) = std::fs::read_to_string(&real) {
        assert_eq!(
            guide_lists(&text),
            guide_lists(&fixture),
            "the fixture copy of the guide's checklists is out of date"
        );
    }
    fixture
}

#[test]
fn shipped_checklists_cover_every_item_of_the_guide() {
    let guide = guide_lists(&guide_text());
    let lists = shipped().unwrap();
    assert_eq!(guide.len(), 3, "{guide:?}");
    assert_eq!(lists.len(), guide.len());
    for ((heading, items), list) in guide.iter().zip(&lists) {
        assert_eq!(&list.title, heading, "checklist {}", list.name);
        let ko: Vec<&str> = list.items.iter().map(|i| i.ko.as_str()).collect();
        assert_eq!(ko, *items, "items of {}", list.name);
        for item in &list.items {
            assert!(!item.en.is_empty() && item.en.is_ascii(), "{}", item.id);
        }
    }
}

#[test]
fn daily_items_are_bound_to_live_data() {
    let daily = shipped().unwrap().remove(0);
    let autos: Vec<Option<AutoCheck>> = daily.items.iter().map(|i| i.auto).collect();
    assert_eq!(
        autos,
        [
            Some(AutoCheck::Health),
            Some(AutoCheck::ErrorLogs),
            Some(AutoCheck::Performance),
            Some(AutoCheck::Backups),
            Some(AutoCheck::Security),
        ]
    );
}

#[test]
fn monthly_dr_test_links_to_the_restore_form() {
    let monthly = shipped().unwrap().remove(2);
    let dr = monthly.item("dr-test").unwrap();
    assert_eq!(dr.ko, "재해복구 테스트");
    assert_eq!(dr.action, Some(ItemAction::RestoreForm));
    let with_action = monthly.items.iter().filter(|i| i.action.is_some()).count();
    assert_eq!(with_action, 1);
}

#[test]
fn user_checklists_load_beside_the_shipped_ones() {
    let catalog = Catalog::load(&fixtures().join("user"));
    assert!(catalog.errors.is_empty(), "{:?}", catalog.errors);
    let names: Vec<&str> = catalog.checklists.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["daily", "weekly", "monthly", "oncall"]);
    let oncall = catalog.get("oncall").unwrap();
    assert!(matches!(oncall.origin, Origin::User(_)));
    assert_eq!(oncall.items[1].auto, Some(AutoCheck::Health));
}

#[test]
fn a_user_file_replaces_the_shipped_list_of_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures().join("user/oncall.toml"))
        .unwrap()
        .replace("name = \"oncall\"", "name = \"daily\"");
    std::fs::write(dir.path().join("my-daily.toml"), text).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a checklist").unwrap();
    let catalog = Catalog::load(dir.path());
    assert!(catalog.errors.is_empty(), "{:?}", catalog.errors);
    assert_eq!(catalog.checklists.len(), 3);
    assert_eq!(catalog.get("daily").unwrap().items.len(), 2);
}

/// (fixture, line, column, words the message must hold)
const INVALID: [(&str, usize, usize, &[&str]); 5] = [
    ("unknown-field.toml", 12, 1, &["guidence", "if_not"]),
    ("bad-auto.toml", 12, 8, &["healthcheck", "error-logs"]),
    ("missing-field.toml", 5, 1, &["missing field `en`"]),
    ("syntax.toml", 2, 17, &["expected `\"`"]),
    ("bad-name.toml", 2, 1, &["On Call", "lowercase"]),
];

#[test]
fn malformed_checklists_give_located_errors() {
    for (file, line, column, words) in INVALID {
        let path = fixtures().join("invalid").join(file);
        let err = Checklist::load(&path).unwrap_err();
        assert_eq!(err.path, path);
        assert_eq!((err.line, err.column), (line, column), "{file}: {err}");
        for w in words {
            assert!(err.message.contains(w), "{file}: `{w}` not in {err}");
        }
        let shown = err.to_string();
        assert!(
            shown.contains(&format!("{file}:{line}:{column}: ")),
            "{shown}"
        );
    }
}

#[test]
fn a_bad_user_file_is_reported_and_the_rest_still_load() {
    let catalog = Catalog::load(&fixtures().join("invalid"));
    assert_eq!(catalog.errors.len(), INVALID.len());
    assert_eq!(catalog.checklists.len(), 3, "shipped lists stay available");
}
