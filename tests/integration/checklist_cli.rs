//! `eduops checklist list|show|export|run`, parsed by the real CLI and executed on temp dirs.

use crate::support::checklist as support;

use clap::Parser;
use eduops::checklist::cli::{ChecklistCliError, ChecklistCommand, Execution, execute};
use eduops::checklist::store::RunStore;
use eduops::cli::{Cli, Invocation};
use eduops::config::{Paths, Settings};
use eduops::model::Env;

fn parse(args: &[&str]) -> (ChecklistCommand, Option<Env>) {
    let cli = Cli::try_parse_from(args).unwrap();
    match cli.invocation().unwrap() {
        Invocation::Checklist(opts, command) => (command, opts.env),
        other => panic!("{other:?}"),
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    paths: Paths,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
        state_dir: dir.path().join("state"),
    };
    Fixture { _dir: dir, paths }
}

fn run_cmd(f: &Fixture, args: &[&str]) -> (Result<Execution, ChecklistCliError>, String) {
    let (cmd, env) = parse(args);
    let mut out = Vec::new();
    let r = execute(&cmd, env, &f.paths, &Settings::default(), &mut out);
    (r, String::from_utf8(out).unwrap())
}

fn exit_code(r: Result<Execution, ChecklistCliError>) -> i32 {
    match r {
        Ok(Execution::Exit(code)) => code,
        Ok(other) => panic!("{other:?}"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn run_parses_with_the_global_env_flag() {
    let (cmd, env) = parse(&["eduops", "checklist", "run", "daily", "--env", "prod"]);
    assert_eq!(
        cmd,
        ChecklistCommand::Run {
            name: "daily".into()
        }
    );
    assert_eq!(env, Some(Env::Prod));
    let (_, env) = parse(&["eduops", "--env", "dev", "checklist", "run", "daily"]);
    assert_eq!(env, Some(Env::Dev), "before the subcommand too");
    let (cmd, _) = parse(&["eduops", "checklist", "export", "last", "-f", "x.md"]);
    assert_eq!(
        cmd,
        ChecklistCommand::Export {
            run: "last".into(),
            file: Some("x.md".into())
        }
    );
    // The dashboard's flags belong to the commands that connect.
    assert!(Cli::try_parse_from(["eduops", "checklist", "list", "--env", "prod"]).is_err());
    let cli = Cli::try_parse_from(["eduops", "--demo", "checklist", "list"]).unwrap();
    assert!(cli.invocation().is_err());
}

#[test]
fn run_asks_for_the_tui_and_offers_the_unfinished_run() {
    let f = fixture();
    let (r, _) = run_cmd(
        &f,
        &["eduops", "checklist", "run", "weekly", "--env", "staging"],
    );
    match r {
        Ok(Execution::StartTui {
            checklist,
            env,
            resume,
        }) => {
            assert_eq!(checklist.name, "weekly");
            assert_eq!(env, Env::Staging);
            assert!(resume.is_none());
        }
        other => panic!("{other:?}"),
    }

    let store = RunStore::new(f.paths.checklist_runs_dir());
    let w = support::sample_walk();
    store.save(w.run()).unwrap();
    let (r, _) = run_cmd(
        &f,
        &["eduops", "checklist", "run", "daily", "--env", "prod"],
    );
    let Ok(Execution::StartTui {
        resume: Some(run), ..
    }) = r
    else {
        panic!("{r:?}")
    };
    assert_eq!(run.id, w.run().id);
    // Another environment does not resume the prod run.
    let (r, _) = run_cmd(&f, &["eduops", "checklist", "run", "daily", "--env", "dev"]);
    assert!(
        matches!(r, Ok(Execution::StartTui { resume: None, .. })),
        "{r:?}"
    );
}

#[test]
fn run_of_an_unknown_checklist_suggests_a_name() {
    let f = fixture();
    let (r, _) = run_cmd(&f, &["eduops", "checklist", "run", "weeky"]);
    let err = r.unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("did you mean `weekly`"), "{err}");
}

#[test]
fn list_shows_checklists_runs_and_bad_files() {
    let f = fixture();
    let (r, out) = run_cmd(&f, &["eduops", "checklist", "list"]);
    assert_eq!(exit_code(r), 0);
    assert!(out.contains("daily      일일 운영 체크리스트 — Daily operations checklist (5 items, 5 auto-checked; shipped)"), "{out}");
    assert!(out.contains("none yet"), "{out}");

    RunStore::new(f.paths.checklist_runs_dir())
        .save(support::sample_walk().run())
        .unwrap();
    let user = f.paths.user_checklists_dir();
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(user.join("broken.toml"), "name = \"x\"\nitemz = 3\n").unwrap();
    let (r, out) = run_cmd(&f, &["eduops", "checklist", "list"]);
    assert_eq!(exit_code(r), 1, "a bad user file makes list exit 1");
    assert!(out.contains("daily-prod-20261127T090000Z"), "{out}");
    assert!(out.contains("3/5"), "{out}");
    assert!(out.contains("UNFINISHED"), "{out}");
    assert!(
        out.contains("broken.toml:2:1: unknown field `itemz`"),
        "{out}"
    );
}

#[test]
fn show_and_export_a_run() {
    let f = fixture();
    let w = support::sample_walk();
    RunStore::new(f.paths.checklist_runs_dir())
        .save(w.run())
        .unwrap();

    let (r, out) = run_cmd(&f, &["eduops", "checklist", "show", "daily-prod"]);
    assert_eq!(exit_code(r), 0);
    assert!(
        out.contains(" 1. ✔ pass  시스템 헬스 체크 실행 / Run the system health check  [override]"),
        "{out}"
    );
    assert!(out.contains("    note: content-gen-ai restarted"), "{out}");

    let (r, out) = run_cmd(&f, &["eduops", "checklist", "export", "last"]);
    assert_eq!(exit_code(r), 0);
    assert_eq!(out, eduops::checklist::export::to_markdown(w.run()));

    let target = f.paths.data_dir.join("handoff.md");
    let (r, out) = run_cmd(
        &f,
        &[
            "eduops",
            "checklist",
            "export",
            "last",
            "--file",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(exit_code(r), 0);
    assert!(out.starts_with("wrote "), "{out}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        eduops::checklist::export::to_markdown(w.run())
    );
}

#[test]
fn show_of_a_corrupt_run_is_a_located_error() {
    let f = fixture();
    let dir = f.paths.checklist_runs_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("daily-prod-x.json"),
        "{\n  \"format\": 1,\n  \"id\": }\n",
    )
    .unwrap();
    let (r, _) = run_cmd(&f, &["eduops", "checklist", "show", "daily-prod-x"]);
    let err = r.unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("daily-prod-x.json:3:9"), "{shown}");
    assert_eq!(err.exit_code(), 2);
}
