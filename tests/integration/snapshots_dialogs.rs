//! Snapshots of the safety dialogs: confirmation (prod, typed name), the restore form, and the
//! restore progress in the Backups pane, at 80x24 and 120x40.

use crate::support;

use eduops::action::Action;
use eduops::app::{Msg, RestoreField};
use eduops::model::Env;
use support::sim::{app_for, client_for, keys, refresh, start_sim};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[tokio::test]
async fn confirm_dialog_in_prod() {
    let sim = start_sim(42).await;
    let client = client_for(&sim);
    let mut app = app_for(&sim, Env::Prod);
    refresh(&mut app, &client, &sim).await;
    app.select_service("gateway");
    keys(&mut app, "rci-gateway-pr");
    for (w, h) in SIZES {
        insta::assert_snapshot!(
            format!("confirm_prod_partial_name_{w}x{h}"),
            eduops::testing::render_text(&mut app, w, h)
        );
    }
    keys(&mut app, "od\r");
    insta::assert_snapshot!(
        "confirm_prod_name_typed_120x40",
        eduops::testing::render_text(&mut app, 120, 40)
    );
}

#[tokio::test]
async fn confirm_dialog_in_staging_defaults_to_cancel() {
    let sim = start_sim(42).await;
    let client = client_for(&sim);
    let mut app = app_for(&sim, Env::Staging);
    refresh(&mut app, &client, &sim).await;
    app.select_service("streaming-ai");
    keys(&mut app, "x");
    insta::assert_snapshot!(
        "confirm_staging_stop_80x24",
        eduops::testing::render_text(&mut app, 80, 24)
    );
}

#[tokio::test]
async fn restore_form_and_progress() {
    let sim = start_sim(42).await;
    let client = client_for(&sim);
    let mut app = app_for(&sim, Env::Prod);
    refresh(&mut app, &client, &sim).await;
    app.update(Msg::Action(Action::FocusBackups));
    keys(&mut app, "R");
    for (w, h) in SIZES {
        insta::assert_snapshot!(
            format!("restore_form_{w}x{h}"),
            eduops::testing::render_text(&mut app, w, h)
        );
    }
    // A point outside the window, shown as an error in the form.
    crate::support::sim::restore_field(&mut app, RestoreField::Point, "-30d");
    insta::assert_snapshot!(
        "restore_form_outside_window_80x24",
        eduops::testing::render_text(&mut app, 80, 24)
    );
    crate::support::sim::restore_field(&mut app, RestoreField::Point, "-10m");
    // Review → confirmation (prod: type the new name) → sent; the pane shows the progress.
    let target = match app.overlay() {
        Some(eduops::app::Overlay::Restore(f)) => f.target_input.clone(),
        _ => unreachable!(),
    };
    keys(&mut app, "\t\t\t\r");
    keys(&mut app, &format!("{target}\r"));
    let effects = keys(&mut app, "\r");
    assert!(matches!(
        effects.as_slice(),
        [eduops::app::Effect::Mutate(_)]
    ));
    let id = app.restores().last().unwrap().request_id;
    app.update(Msg::MutationProgress {
        request_id: id,
        status: "Azure is restoring (this takes minutes)".into(),
    });
    app.update(Msg::Action(Action::Zoom));
    for (w, h) in SIZES {
        insta::assert_snapshot!(
            format!("restore_progress_{w}x{h}"),
            eduops::testing::render_text(&mut app, w, h)
        );
    }
}
