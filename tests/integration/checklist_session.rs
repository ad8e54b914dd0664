//! A checklist session in the dashboard: every answer leaves `App::update` as a save of the
//! whole run, which the runtime writes before it handles the next key, and leaving mid-run
//! saves the time spent on the open item. The real binary hung up mid-run and resumed:
//! `pty_checklist`.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent};
use eduops::app::{App, Effect, Msg};
use eduops::checklist::model::shipped;
use eduops::checklist::run::{Outcome, Run};
use eduops::checklist::store::{RunStore, read_run};
use eduops::model::Env;
use eduops::testing::fixed_now;

/// Writes the run files the effects ask for, as the dashboard's runner does; returns the runs.
fn save_runs(store: &RunStore, effects: Vec<Effect>) -> Vec<Run> {
    let mut saved = Vec::new();
    for effect in effects {
        if let Effect::SaveRun { mut run, create } = effect {
            if create {
                store.create(&mut run).unwrap();
            } else {
                store.save(&run).unwrap();
            }
            saved.push(*run);
        }
    }
    saved
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

/// The dashboard with the daily checklist open on `env`, its run file written.
fn walking(env: Env, store: &RunStore) -> App {
    let mut app = eduops::testing::app(env);
    let effects = app.update(Msg::StartChecklist {
        checklist: Box::new(shipped().unwrap().remove(0)),
        env,
        resume: None,
    });
    assert_eq!(
        save_runs(store, effects).len(),
        1,
        "the run file exists before any answer"
    );
    app
}

fn walk_run(app: &App) -> &Run {
    app.checklist.walk.as_ref().unwrap().run()
}

#[test]
fn every_answer_is_saved_whole_before_the_next_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let mut app = walking(Env::Prod, &store);
    let path = store.path_of(&walk_run(&app).id);
    // Each key, and how many saves it asks for: moving is saved too (a resumed run opens
    // where the operator was); typing a note is saved once, when it is entered.
    let steps = [
        (KeyCode::Char('p'), 1),
        (KeyCode::Char('j'), 1),
        (KeyCode::Char('f'), 1),
        (KeyCode::Char('i'), 0),
        (KeyCode::Char('x'), 0),
        (KeyCode::Enter, 1),
        (KeyCode::Char('G'), 1),
        (KeyCode::Char('n'), 1),
    ];
    for (i, (step, saves)) in steps.into_iter().enumerate() {
        app.update(Msg::Tick(
            fixed_now() + Duration::seconds(10 * (i as i64 + 1)),
        ));
        let saved = save_runs(&store, key(&mut app, step));
        assert_eq!(saved.len(), saves, "{step:?}");
        assert_eq!(
            read_run(&path).unwrap(),
            *walk_run(&app),
            "after {step:?} the file holds the run on screen"
        );
    }
    let outcomes: Vec<Option<Outcome>> = walk_run(&app).items.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [
            Some(Outcome::Pass),
            Some(Outcome::Fail),
            None,
            None,
            Some(Outcome::NotApplicable)
        ]
    );
    assert_eq!(walk_run(&app).items[1].note, "x");
}

#[test]
fn leaving_mid_run_saves_the_time_on_the_open_item() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let mut app = walking(Env::Dev, &store);
    let path = store.path_of(&walk_run(&app).id);
    app.update(Msg::Tick(fixed_now() + Duration::seconds(75)));
    let saved = save_runs(&store, app.update(Msg::Signal("SIGHUP")));
    assert_eq!(saved.len(), 1);
    assert!(app.should_quit);
    assert_eq!(read_run(&path).unwrap().items[0].seconds_spent, 75);
}
