//! Every shipped keymap and theme parses, and every invalid fixture fails with the expected
//! located message (`tests/fixtures/invalid/<kind>/<name>.toml` next to `<name>.expected`).

use std::path::{Path, PathBuf};

use eduops::config::{FileError, Keymap, Settings, Theme};

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

#[test]
fn shipped_keymaps_parse_and_bind_the_essentials() {
    let files = toml_files(Path::new("keymaps"));
    assert!(files.len() >= 2);
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let mut km = Keymap::default();
        km.layer(&f, &src).unwrap_or_else(|e| panic!("{e}"));
        for action in ["help", "quit", "restart", "next-env", "checklists"] {
            let a = eduops::action::Action::from_name(action).unwrap();
            assert!(
                km.hint(eduops::config::Context::Services, a).is_some(),
                "{}: nothing bound to {action}",
                f.display()
            );
        }
    }
    // The embedded presets are the same files.
    for (name, src) in eduops::config::keymap::PRESETS {
        let on_disk = std::fs::read_to_string(format!("keymaps/{name}.toml")).unwrap();
        assert_eq!(*src, on_disk);
    }
}

#[test]
fn shipped_themes_parse() {
    let files = toml_files(Path::new("themes"));
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for wanted in ["default", "light", "high-contrast", "monochrome"] {
        assert!(names.iter().any(|n| n == wanted), "missing theme {wanted}");
    }
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        Theme::parse(&f, &src).unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(Theme::monochrome().is_monochrome());
}

fn check_fixtures(kind: &str, parse: impl Fn(&Path, &str) -> Result<(), FileError>) {
    let dir = Path::new("tests/fixtures/invalid").join(kind);
    let files = toml_files(&dir);
    assert!(!files.is_empty());
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let expected = std::fs::read_to_string(f.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{} has no .expected", f.display()));
        let expected = expected.trim();
        let err = match parse(&f, &src) {
            Ok(()) => panic!("{} parsed but should not", f.display()),
            Err(e) => e,
        };
        let shown = err.to_string();
        assert!(err.line > 0, "{shown}: no line");
        let want = format!("{}:{expected}", f.display());
        assert!(shown.starts_with(&want), "\n got: {shown}\nwant: {want}…");
    }
}

#[test]
fn invalid_configs_give_located_errors() {
    check_fixtures("config", |p, s| Settings::parse(p, s).map(|_| ()));
}

#[test]
fn invalid_keymaps_give_located_errors() {
    check_fixtures("keymap", |p, s| Keymap::default().layer(p, s));
}

#[test]
fn invalid_themes_give_located_errors() {
    check_fixtures("theme", |p, s| Theme::parse(p, s).map(|_| ()));
}
