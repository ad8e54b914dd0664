//! The command line as k9s, gh and az users expect it: each subcommand shows its own flags,
//! help fits 80 columns, enumerated values complete and reject typos, durations take the usual
//! forms, a man page, JSON from every command that reads, logs in the XDG state directory.

use std::process::Command;
use std::time::Duration;

use clap::Parser;
use eduops::cli::{Cli, Invocation};

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn eduops(args: &[&str]) -> Out {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_eduops"))
        .args(args)
        .env("EDUOPS_CONFIG_DIR", dir.path().join("config"))
        .env("EDUOPS_DATA_DIR", dir.path().join("data"))
        .env("EDUOPS_STATE_DIR", dir.path().join("state"))
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const UI_FLAGS: [&str; 5] = ["--demo", "--theme", "--keymap", "--read-only", "--ascii"];

#[test]
fn each_subcommand_shows_only_its_own_flags() {
    let help = |args: &[&str]| {
        let o = eduops(args);
        assert_eq!(o.code, 0, "{args:?}: {}", o.stderr);
        o.stdout
    };
    for cmd in [&["sim", "--help"][..], &["completions", "--help"]] {
        let text = help(cmd);
        for flag in UI_FLAGS {
            assert!(!text.contains(flag), "{cmd:?} offers {flag}:\n{text}");
        }
        assert!(!text.contains("--arm-url"), "{cmd:?}:\n{text}");
    }
    let check = help(&["check", "--help"]);
    for flag in ["--theme", "--keymap", "--ascii"] {
        assert!(!check.contains(flag), "check offers {flag}:\n{check}");
    }
    for flag in ["--env", "--arm-url", "--read-only", "--timeout"] {
        assert!(check.contains(flag), "check lacks {flag}:\n{check}");
    }
    let list = help(&["checklist", "list", "--help"]);
    assert!(
        !list.contains("--env") && list.contains("--output"),
        "{list}"
    );
    let run = help(&["checklist", "run", "--help"]);
    assert!(run.contains("--env") && run.contains("--keymap"), "{run}");
    // The global options under their own heading, everywhere.
    for cmd in [&["--help"][..], &["sim", "--help"], &["check", "--help"]] {
        let text = help(cmd);
        let heading = text
            .lines()
            .position(|l| l.starts_with("Global options:"))
            .unwrap_or_else(|| panic!("{cmd:?}: no Global options heading:\n{text}"));
        let below = text
            .lines()
            .skip(heading)
            .take(6)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            below.contains("--config") && below.contains("--log-level"),
            "{below}"
        );
    }
}

#[test]
fn help_fits_80_columns_and_says_what_surrounds_eduops() {
    for cmd in [
        &["--help"][..],
        &["check", "--help"],
        &["sim", "--help"],
        &["checklist", "run", "--help"],
        &["config", "validate", "--help"],
        &["completions", "--help"],
    ] {
        let o = eduops(cmd);
        assert_eq!(o.code, 0, "{}", o.stderr);
        for line in o.stdout.lines() {
            let width = unicode_width::UnicodeWidthStr::width(line);
            assert!(width <= 80, "{cmd:?}: {width} columns: {line}");
        }
    }
    let top = eduops(&["--help"]).stdout;
    for var in [
        "EDUOPS_CONFIG_DIR",
        "EDUOPS_DATA_DIR",
        "EDUOPS_STATE_DIR",
        "EDUOPS_ACCESS_TOKEN",
        "EDUOPS_NOTIFY_URL",
        "NO_COLOR",
        "Examples:",
    ] {
        assert!(top.contains(var), "--help does not mention {var}:\n{top}");
    }
}

#[test]
fn env_and_log_level_are_enumerated() {
    let bash = eduops(&["completions", "bash"]).stdout;
    assert!(
        bash.contains("dev staging prod"),
        "--env completes environments"
    );
    assert!(bash.contains("error warn info debug trace"), "log levels");
    let fish = eduops(&["completions", "fish"]).stdout;
    let env_line = fish.find("-l env").expect("fish completes --env");
    assert!(fish[env_line..].contains("staging"), "{fish}");
    let o = eduops(&["--log-level", "verbose", "config", "path"]);
    assert_eq!(o.code, 2, "a typo is an error, not silence");
    assert!(o.stderr.contains("verbose"), "{}", o.stderr);
    assert!(
        o.stderr.contains("possible values: error, warn"),
        "{}",
        o.stderr
    );
    let o = eduops(&["check", "--env", "production"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("possible values: dev, staging, prod"),
        "{}",
        o.stderr
    );
    // Flags before a subcommand that has no use for them are refused, not ignored.
    let o = eduops(&["--demo", "sim"]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(
        o.stderr.contains("do not apply to `eduops sim`"),
        "{}",
        o.stderr
    );
}

#[test]
fn durations_take_the_usual_forms() {
    let timeout = |t: &str| match Cli::try_parse_from(["eduops", "check", "--timeout", t])
        .map(|c| c.invocation())
    {
        Ok(Ok(Invocation::Check(_, args))) => Ok(args.timeout),
        Ok(other) => panic!("{other:?}"),
        Err(e) => Err(e.to_string()),
    };
    assert_eq!(timeout("1m30s"), Ok(Duration::from_secs(90)));
    assert_eq!(timeout("1.5s"), Ok(Duration::from_millis(1500)));
    assert_eq!(timeout("500ms"), Ok(Duration::from_millis(500)));
    assert_eq!(timeout("20"), Ok(Duration::from_secs(20)));
    let err = timeout("soon").unwrap_err();
    assert!(err.contains("1m30s"), "the error shows the forms: {err}");
    assert!(timeout("0s").is_err());
}

#[test]
fn man_page_and_version_paths() {
    let o = eduops(&["man"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.starts_with(".ie") || o.stdout.contains(".TH eduops"),
        "{}",
        &o.stdout[..200.min(o.stdout.len())]
    );
    assert!(o.stdout.contains("check"), "subcommands listed");
    let dir = tempfile::tempdir().unwrap();
    let o = eduops(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for page in ["eduops.1", "eduops-check.1", "eduops-sim.1"] {
        assert!(dir.path().join(page).is_file(), "{page} written");
    }
    let state = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_eduops"))
        .arg("--version")
        .env("EDUOPS_STATE_DIR", state.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("logs:   {}", state.path().display())),
        "{text}"
    );
    assert!(
        text.contains("config: ") && text.contains("data: "),
        "{text}"
    );
}

#[test]
fn commands_that_read_answer_in_json() {
    let o = eduops(&["config", "path", "--output", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["schema"], "eduops.paths/v1");
    assert_eq!(j["exists"], false);
    assert!(j["config_file"].as_str().unwrap().ends_with("config.toml"));
    assert!(j["log_dir"].as_str().unwrap().ends_with("state"));
    let o = eduops(&["checklist", "list", "--output", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["schema"], "eduops.checklists/v1");
    let names: Vec<&str> = j["checklists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"daily") && names.contains(&"monthly"),
        "{names:?}"
    );
    assert_eq!(j["runs"].as_array().unwrap().len(), 0);
}
