//! Starting the dashboard: connect, start the pollers, run the event loop, and carry out the
//! app's effects (poller targets, refreshes, confirmed mutations, audit lines).

use std::path::PathBuf;
use std::sync::Arc;

use chrono::Utc;
use color_eyre::Result;
use tokio::sync::mpsc;

use crate::app::{App, Effect, Msg};
use crate::audit::AuditLog;
use crate::azure::AzureClient;
use crate::checklist::model::Catalog;
use crate::checklist::store::RunStore;
use crate::config::{Keymap, Paths, Settings, Theme};
use crate::connect::DataSource;
use crate::mutation::Executor;
use crate::poll::Pollers;
use crate::startup::GlobalOptions;

/// Hands a result to the event loop. The loop is gone only while eduops exits; what was
/// being delivered is then worth a line in the log, not an error.
fn deliver(tx: &mpsc::UnboundedSender<Msg>, msg: Msg) {
    if let Err(e) = tx.send(msg) {
        tracing::debug!(msg = ?e.0, "the dashboard has stopped; result dropped");
    }
}

/// One audit record as a line of the audit view.
fn format_audit(r: &crate::audit::AuditRecord) -> String {
    let target = r.target.rsplit('/').next().unwrap_or(&r.target);
    format!(
        "{}  {:<8} {:<7} {:<14} {:<34} {}{}",
        r.time.format("%Y-%m-%d %H:%M:%S"),
        r.operator,
        r.env,
        r.action,
        target,
        r.outcome,
        r.duration_ms
            .map(|d| format!(" ({:.1}s)", d as f64 / 1000.0))
            .unwrap_or_default()
    )
}

/// Carries out effects for the running dashboard.
pub struct Runner {
    pub client: AzureClient,
    pub settings: Arc<Settings>,
    pub pollers: Pollers,
    pub audit: AuditLog,
    /// Filled from the token's claims once signed in; the OS user until then.
    pub operator: Arc<std::sync::Mutex<String>>,
    pub paths: Paths,
}

impl Runner {
    fn operator(&self) -> String {
        self.operator
            .lock()
            .map(|o| o.clone())
            .unwrap_or_else(|_| crate::audit::os_user())
    }
}

impl crate::runtime::EffectRunner for Runner {
    fn run(&mut self, effect: Effect, tx: &mpsc::UnboundedSender<Msg>) {
        match effect {
            Effect::LoadChecklists { open_picker } => {
                let paths = self.paths.clone();
                let tx = tx.clone();
                tokio::task::spawn_blocking(move || {
                    let catalog = Catalog::load(&paths.user_checklists_dir());
                    let list = RunStore::new(paths.checklist_runs_dir()).list();
                    for e in &list.errors {
                        tracing::warn!(error = %e, "unreadable checklist run");
                    }
                    deliver(
                        &tx,
                        Msg::ChecklistsLoaded {
                            catalog,
                            runs: list.runs,
                            run_errors: list.errors.iter().map(ToString::to_string).collect(),
                            open_picker,
                        },
                    );
                });
            }
            Effect::SaveRun { mut run, create } => {
                // On the event loop, not a task: the answer must be on disk before the next
                // key is handled, and before the process exits on SIGHUP.
                let store = RunStore::new(self.paths.checklist_runs_dir());
                let result = if create {
                    store.create(&mut run)
                } else {
                    store.save(&run)
                };
                if let Err(e) = &result {
                    tracing::error!(run = %run.id, error = %e, "checklist run not saved");
                }
                deliver(
                    tx,
                    Msg::RunSaved {
                        id: run.id.clone(),
                        result: result.map(|_| ()).map_err(|e| e.to_string()),
                    },
                );
            }
            Effect::GatherEvidence { env } => {
                let client = self.client.clone();
                let settings = self.settings.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    let snapshot = crate::poll::gather_evidence(&client, &settings, env).await;
                    deliver(
                        &tx,
                        Msg::Evidence {
                            env,
                            snapshot: Box::new(snapshot),
                        },
                    );
                });
            }
            Effect::LoadAudit => {
                let audit = self.audit.clone();
                let tx = tx.clone();
                tokio::task::spawn_blocking(move || {
                    let lines = match audit.tail(500) {
                        Ok(records) => records
                            .into_iter()
                            .map(|r| match r {
                                Ok(r) => format_audit(&r),
                                Err(e) => e,
                            })
                            .collect(),
                        Err(e) => vec![format!("cannot read {}: {e}", audit.path().display())],
                    };
                    deliver(&tx, Msg::AuditLoaded(lines));
                });
            }
            Effect::Retarget(t) => self.pollers.retarget(t),
            Effect::RefreshNow => self.pollers.refresh_now(),
            // The terminal writes OSC 52 itself; nothing to do here.
            Effect::Copy(_) => {}
            Effect::Audit(attempt) => {
                let audit = self.audit.clone();
                let operator = self.operator();
                // fsync takes milliseconds: keep it off the event loop.
                tokio::task::spawn_blocking(move || {
                    crate::mutation::audit::record(&audit, &operator, &attempt)
                });
            }
            Effect::Mutate(req) => {
                let client = self.client.clone();
                let settings = self.settings.clone();
                let audit = self.audit.clone();
                let operator = self.operator();
                let tx = tx.clone();
                tokio::spawn(async move {
                    let id = req.id;
                    let ptx = tx.clone();
                    let executor = Executor {
                        client: &client,
                        settings: &settings,
                        audit: &audit,
                        operator: &operator,
                    };
                    // Followed to its end: a person watches the row, and quitting early is
                    // audited as unknown by the app.
                    let outcome = executor
                        .run(req, None, move |status| {
                            deliver(
                                &ptx,
                                Msg::MutationProgress {
                                    request_id: id,
                                    status,
                                },
                            )
                        })
                        .await;
                    deliver(&tx, Msg::MutationDone(outcome));
                });
            }
        }
    }
}

pub async fn start(
    opts: &GlobalOptions,
    settings: Settings,
    config_file: Option<PathBuf>,
    keymap: Keymap,
    theme: Theme,
    start_checklist: Option<Msg>,
) -> Result<()> {
    let paths = Paths::discover();
    let conn = crate::connect::connect(opts, settings, config_file.as_deref()).await?;
    let settings = conn.settings.clone();
    let env = settings.default_env;
    let clock: crate::runtime::Clock = match &conn.sim {
        Some(sim) => sim.clock(),
        None => Arc::new(Utc::now),
    };
    let mut app = App::new(
        settings.clone(),
        env,
        conn.source.clone(),
        keymap,
        theme,
        clock(),
    );
    app.set_read_only(opts.read_only);
    let (tx, rx) = mpsc::unbounded_channel();
    let operator = Arc::new(std::sync::Mutex::new(crate::audit::os_user()));
    {
        // Signing in may take seconds (Azure CLI): learn who we are in the background.
        let (client, operator, tx) = (conn.client.clone(), operator.clone(), tx.clone());
        tokio::spawn(async move {
            let claim = client.operator().await;
            if let Some(o) = &claim
                && let Ok(mut slot) = operator.lock()
            {
                *slot = o.clone();
            }
            // After the first token the client knows which credential worked.
            deliver(
                &tx,
                Msg::SignedIn {
                    identity: client.identity(),
                    operator: claim,
                },
            );
        });
    }
    if let (DataSource::Simulated { embedded: true, .. }, None) = (&conn.source, &config_file) {
        app.set_banner(Some(
            "No config file, so this is the built-in simulator, not Azure. To connect: `eduops config init`, then `az login`.".into(),
        ));
    }
    let settings = Arc::new(settings);
    let pollers = crate::poll::spawn(
        conn.client.clone(),
        settings.clone(),
        app.poll_target(),
        tx.clone(),
    );
    let mut runner = Runner {
        client: conn.client.clone(),
        settings,
        pollers,
        audit: AuditLog::new(paths.audit_log()),
        operator,
        paths: paths.clone(),
    };
    // At start: offer to resume an unfinished checklist run, or open the one asked for.
    match start_checklist {
        Some(msg) => {
            deliver(
                &tx,
                Msg::ChecklistsLoaded {
                    catalog: Catalog::load(&paths.user_checklists_dir()),
                    runs: Vec::new(),
                    run_errors: Vec::new(),
                    open_picker: false,
                },
            );
            deliver(&tx, msg);
        }
        None => {
            use crate::runtime::EffectRunner;
            runner.run(Effect::LoadChecklists { open_picker: false }, &tx);
        }
    }
    let result = crate::runtime::run(clock, app, runner, tx, rx).await;
    drop(conn.sim);
    result
}
