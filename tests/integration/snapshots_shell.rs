//! Snapshots of the shell without data: layout, status bar, help, command line, too small.

use eduops::action::Action;
use eduops::app::Msg;
use eduops::app::{App, DataSource};
use eduops::model::Env;
use eduops::testing::{app, render_text};

/// An app that says it reads Azure, before anyone signed in.
fn on_azure(env: Env) -> App {
    eduops::testing::app_on(
        env,
        DataSource::Azure {
            identity: "not signed in yet".into(),
            subscription: "11111111-2222-3333-4444-555555555555".into(),
        },
    )
}

#[test]
fn shell_waiting_for_data() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = app(Env::Prod);
        a.set_banner(Some(
            "No config file: showing the built-in simulator.".into(),
        ));
        insta::assert_snapshot!(format!("shell_loading_{w}x{h}"), render_text(&mut a, w, h));
    }
}

#[test]
fn help_overlay_comes_from_keymap() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = app(Env::Staging);
        a.update(Msg::Action(Action::Help));
        insta::assert_snapshot!(format!("help_{w}x{h}"), render_text(&mut a, w, h));
    }
}

#[test]
fn read_only_and_command_line() {
    let mut a = app(Env::Dev);
    a.set_read_only(true);
    a.update(Msg::Action(Action::CommandLine));
    for c in "env prod".chars() {
        a.update(Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        )));
    }
    insta::assert_snapshot!("command_line_80x24", render_text(&mut a, 80, 24));
}

#[test]
fn too_small() {
    let mut a = app(Env::Prod);
    insta::assert_snapshot!("too_small", render_text(&mut a, 40, 10));
}

#[test]
fn sign_in_failure_reads_line_by_line() {
    let mut a = on_azure(Env::Prod);
    let err = "sign-in failed: no Azure credential worked. Sign in with `az login`.\nTried, in order:\n  - EDUOPS_ACCESS_TOKEN: not set\n  - Azure CLI: az not found on PATH".to_string();
    a.update(Msg::Services(Env::Prod, Err(err.clone())));
    a.update(Msg::Alerts(Env::Prod, Err(err)));
    let screen = render_text(&mut a, 120, 40);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("- Azure CLI: az not found on PATH")),
        "{screen}"
    );
    // Said once, in the banner; each pane says one short line.
    let mentions = screen.matches("no Azure credential worked").count();
    assert_eq!(mentions, 1, "{screen}");
    assert!(
        screen.contains("container groups: not signed in (see above)"),
        "{screen}"
    );
    assert!(screen.contains("alerts: not signed in"), "{screen}");
    insta::assert_snapshot!("sign_in_failure_120x40", screen);
}

#[test]
fn status_bar_shows_who_signed_in() {
    let mut a = on_azure(Env::Prod);
    a.update(Msg::SignedIn {
        identity: "Azure CLI".into(),
        operator: Some("kim.sre@school.kr".into()),
    });
    let screen = render_text(&mut a, 120, 40);
    let status = screen.lines().next().unwrap();
    assert!(status.contains("AZURE 11111111… · Azure CLI"), "{status}");
    assert_eq!(a.operator(), "kim.sre@school.kr");
}
