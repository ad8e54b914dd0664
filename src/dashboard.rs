//! Starting the dashboard: connect, start the pollers, run the event loop, and carry out the
//! app's effects (poller targets, refreshes, confirmed mutations, audit lines).

use std::path::PathBuf;
use std::sync::Arc;

use chrono::Utc;
use color_eyre::Result;
use tokio::sync::mpsc;

use crate::app::{App, DataSource, Effect, Msg};
use crate::audit::AuditLog;
use crate::azure::AzureClient;
use crate::cli::Cli;
use crate::config::{Keymap, Paths, Settings, Theme};
use crate::poll::Pollers;

/// Carries out effects for the running dashboard.
pub struct Runner {
    pub client: AzureClient,
    pub settings: Arc<Settings>,
    pub pollers: Pollers,
    pub audit: AuditLog,
    pub operator: String,
}

impl crate::runtime::EffectRunner for Runner {
    fn run(&mut self, effect: Effect, tx: &mpsc::UnboundedSender<Msg>) {
        match effect {
            Effect::Retarget(t) => self.pollers.retarget(t),
            Effect::RefreshNow => self.pollers.refresh_now(),
            // The terminal writes OSC 52 itself; nothing to do here.
            Effect::Copy(_) => {}
            Effect::Audit(note) => {
                let audit = self.audit.clone();
                let operator = self.operator.clone();
                // fsync takes milliseconds: keep it off the event loop.
                tokio::task::spawn_blocking(move || {
                    crate::mutate::record(
                        &audit,
                        &operator,
                        &note.request,
                        note.outcome,
                        None,
                        None,
                    )
                });
            }
            Effect::Mutate(req) => {
                let client = self.client.clone();
                let settings = self.settings.clone();
                let audit = self.audit.clone();
                let operator = self.operator.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    let id = req.id;
                    let ptx = tx.clone();
                    let outcome = crate::mutate::execute(
                        &client,
                        &settings,
                        &audit,
                        &operator,
                        req,
                        move |status| {
                            let _ = ptx.send(Msg::MutationProgress {
                                request_id: id,
                                status,
                            });
                        },
                    )
                    .await;
                    let _ = tx.send(Msg::MutationDone(outcome));
                });
            }
        }
    }
}

pub async fn start(
    cli: &Cli,
    settings: Settings,
    config_file: Option<PathBuf>,
    keymap: Keymap,
    theme: Theme,
) -> Result<()> {
    let paths = Paths::discover();
    let conn = crate::connect::connect(cli, settings, config_file.as_deref()).await?;
    let settings = conn.settings.clone();
    let env = settings.default_env;
    let mut app = App::new(
        settings.clone(),
        env,
        conn.source.clone(),
        keymap,
        theme,
        Utc::now(),
    );
    app.read_only = cli.read_only;
    if let (DataSource::Simulated { embedded: true, .. }, None) = (&conn.source, &config_file) {
        app.banner = Some(
            "No config file, so this is the built-in simulator, not Azure. To connect: `eduops config init`, then `az login`.".into(),
        );
    }
    let (tx, rx) = mpsc::unbounded_channel();
    let settings = Arc::new(settings);
    let pollers = crate::poll::spawn(
        conn.client.clone(),
        settings.clone(),
        app.poll_target(),
        tx.clone(),
    );
    let runner = Runner {
        client: conn.client.clone(),
        settings,
        pollers,
        audit: AuditLog::new(paths.audit_log()),
        operator: crate::audit::operator(std::env::var(crate::azure::TOKEN_ENV).ok().as_deref()),
    };
    let result = crate::runtime::run(app, runner, tx, rx).await;
    drop(conn.sim);
    result
}
