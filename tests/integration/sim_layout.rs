//! The simulator's two halves stay apart: the platform never speaks HTTP, and no file of either
//! half outgrows a reading.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sim_files(sub: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/sim")
            .join(sub),
        &mut out,
    );
    assert!(!out.is_empty(), "no files under src/sim/{sub}");
    out
}

#[test]
fn the_platform_does_not_import_the_http_side() {
    for path in sim_files("platform") {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            assert!(
                !(code.contains("sim::http")
                    || code.contains("axum")
                    || code.contains("super::super")),
                "{}:{}: {line}",
                path.display(),
                n + 1
            );
        }
    }
}

#[test]
fn no_simulator_file_is_over_600_lines() {
    for path in sim_files("") {
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert!(lines <= 600, "{} has {lines} lines", path.display());
    }
}
