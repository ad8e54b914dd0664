//! A checklist session in the dashboard: every answer leaves `App::update` as a save of the
//! whole run, which the runtime writes before it handles the next key, and leaving mid-run
//! saves the time spent on the open item. The real binary hung up mid-run and resumed:
//! `pty_checklist`.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent};
use eduops::app::{App, Effect, Msg};
use eduops::checklist::model::{Catalog, shipped};
use eduops::checklist::run::{Outcome, Run};
use eduops::checklist::store::{RunStore, read_run};
use eduops::checklist::walk::Walkthrough;
use eduops::model::Env;
use eduops::testing::{fixed_now, render_text};

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
    app.checklist().walk.as_ref().unwrap().run()
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
    assert!(app.should_quit());
    assert_eq!(read_run(&path).unwrap().items[0].seconds_spent, 75);
}

#[test]
fn past_runs_are_listed_from_the_picker_and_an_unfinished_one_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let mut done = Walkthrough::start(
        shipped().unwrap().remove(1),
        Env::Prod,
        "kim",
        fixed_now() - Duration::days(2),
    );
    done.mark(Outcome::Pass, fixed_now() - Duration::days(2));
    done.finish(fixed_now() - Duration::days(2) + Duration::minutes(30));
    store.save(done.run()).unwrap();
    let open = Walkthrough::start(
        shipped().unwrap().remove(0),
        Env::Staging,
        "lee",
        fixed_now() - Duration::hours(1),
    );
    store.save(open.run()).unwrap();

    let mut app = eduops::testing::app(Env::Prod);
    app.update(Msg::ChecklistsLoaded {
        catalog: Catalog::load(dir.path()),
        runs: store.list().runs,
        run_errors: vec!["corrupt run file x.json:1:1: not a valid checklist run".into()],
        open_picker: true,
    });
    assert!(render_text(&mut app, 120, 40).contains("H past runs"));
    key(&mut app, KeyCode::Char('H'));
    let screen = render_text(&mut app, 120, 40);
    let row = |needle: &str| {
        screen
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} row:\n{screen}"))
            .to_string()
    };
    assert!(screen.contains("Past runs"), "{screen}");
    assert!(row("daily").contains("staging") && row("daily").contains("open"));
    assert!(
        row("daily").contains("11-27 09:30"),
        "local time, as the dashboard's"
    );
    assert!(row("weekly").contains("prod") && row("weekly").contains("done"));
    assert!(screen.contains("corrupt run file x.json"), "{screen}");
    assert!(screen.contains("enter resume"), "{screen}");

    // Back leaves the list for the picker.
    key(&mut app, KeyCode::Esc);
    assert!(!app.checklist().past_open && app.checklist().picker.is_some());

    // A finished run is not reopened: the note says how to export it.
    key(&mut app, KeyCode::Char('H'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert!(app.checklist().walk.is_none());
    let toast = &app.toasts().last().unwrap().text;
    assert!(
        toast.contains(&format!("eduops checklist export {}", done.run().id)),
        "{toast}"
    );

    // The unfinished one resumes, on its own environment.
    key(&mut app, KeyCode::Char('k'));
    let saved = save_runs(&store, key(&mut app, KeyCode::Enter));
    assert_eq!(walk_run(&app).id, open.run().id);
    assert_eq!(app.env(), Env::Staging);
    assert!(!app.checklist().past_open && app.checklist().picker.is_none());
    assert_eq!(saved.len(), 1);
}
