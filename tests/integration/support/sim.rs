//! An in-process simulator with a pinned clock, and an App fed from it through the real
//! client and the pollers' fetch code.

use chrono::{DateTime, Utc};
use eduops::app::{App, Msg};
use eduops::azure::{AzureClient, ClientOptions};
use eduops::config::Settings;
use eduops::model::Env;
use eduops::sim::{SimHandle, SimOptions};

pub async fn start_sim(seed: u64) -> SimHandle {
    start_sim_at(seed, eduops::testing::fixed_now()).await
}

/// A simulator whose frozen clock reads `start`.
pub async fn start_sim_at(seed: u64, start: DateTime<Utc>) -> SimHandle {
    eduops::sim::start(SimOptions {
        seed,
        // Frozen: tests move the clock themselves, so nothing moves between two reads.
        speed: 0.0,
        start: Some(start),
        ..SimOptions::default()
    })
    .await
    .unwrap()
}

pub fn client_for(sim: &SimHandle) -> AzureClient {
    AzureClient::new(ClientOptions::for_simulator(&sim.base_url, &sim.token)).unwrap()
}

pub fn settings_for(sim: &SimHandle) -> Settings {
    Settings {
        subscription_id: Some(sim.subscription_id.clone()),
        ..Settings::default()
    }
}

/// An app showing `env`, its clock at the simulator's.
pub fn app_for(sim: &SimHandle, env: Env) -> App {
    eduops::testing::app_with(env, settings_for(sim), sim.now())
}

/// One refresh of everything the app shows now, fed to the app as the pollers would.
pub async fn refresh(app: &mut App, client: &AzureClient, sim: &SimHandle) {
    app.update(Msg::Tick(sim.now()));
    let target = app.poll_target();
    for msg in eduops::poll::refresh_all(client, app.settings(), &target).await {
        app.update(msg);
    }
    let _ = app.update(Msg::Tick(sim.now()));
}

/// Carries out the app's effects as the dashboard's runner does (mutations through the
/// `mutation` executor, attempts decided in the app through the one audit function), feeding
/// outcomes back; returns how many mutations were sent.
pub async fn drive(
    app: &mut App,
    effects: Vec<eduops::app::Effect>,
    client: &AzureClient,
    audit: &eduops::audit::AuditLog,
) -> usize {
    use eduops::app::Effect;
    let mut sent = 0;
    let mut queue = effects;
    while let Some(effect) = queue.pop() {
        match effect {
            Effect::Mutate(req) => {
                sent += 1;
                let settings = app.settings().clone();
                let executor = eduops::mutation::Executor {
                    client,
                    settings: &settings,
                    audit,
                    operator: "tester",
                };
                let outcome = executor.run(req, None, |_| {}).await;
                queue.extend(app.update(Msg::MutationDone(outcome)));
            }
            Effect::Audit(attempt) => eduops::mutation::audit::record(audit, "tester", &attempt),
            _ => {}
        }
    }
    sent
}

/// Presses keys (as text; `\t` Tab, `\r` Enter, `\x1b` Esc) into the app, collecting effects.
pub fn keys(app: &mut App, text: &str) -> Vec<eduops::app::Effect> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut out = Vec::new();
    for c in text.chars() {
        let ev = match c {
            '\t' => KeyEvent::from(KeyCode::Tab),
            '\r' => KeyEvent::from(KeyCode::Enter),
            '\x1b' => KeyEvent::from(KeyCode::Esc),
            c if c.is_ascii_uppercase() => KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT),
            c => KeyEvent::from(KeyCode::Char(c)),
        };
        out.extend(app.update(Msg::Key(ev)));
    }
    out
}

/// Types `text` into a field of the open restore form as an operator would: Tab to the field,
/// erase what is there, type. The form's focus is left on that field.
pub fn restore_field(app: &mut App, field: eduops::app::RestoreField, text: &str) {
    use crossterm::event::{KeyCode, KeyEvent};
    let form = |app: &App| match app.overlay() {
        Some(eduops::app::Overlay::Restore(f)) => Some(f.clone()),
        _ => None,
    };
    for _ in 0..4 {
        match form(app) {
            Some(f) if f.field == field => break,
            Some(_) => {
                app.update(Msg::Key(KeyEvent::from(KeyCode::Tab)));
            }
            None => panic!("no restore form open"),
        }
    }
    let current = form(app).map(|f| match field {
        eduops::app::RestoreField::Point => f.point_input,
        _ => f.target_input,
    });
    for _ in 0..current.unwrap_or_default().chars().count() {
        app.update(Msg::Key(KeyEvent::from(KeyCode::Backspace)));
    }
    keys(app, text);
}
