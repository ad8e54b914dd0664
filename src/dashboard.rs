//! Starting the dashboard: pick the data source, start pollers, run the event loop.

use std::path::PathBuf;

use chrono::Utc;
use color_eyre::Result;
use tokio::sync::mpsc;

use crate::app::{App, DataSource, Effect, Msg};
use crate::cli::Cli;
use crate::config::{Keymap, Settings, Theme};

struct NoData;

impl crate::runtime::EffectRunner for NoData {
    fn run(&mut self, _effect: Effect, _tx: &mpsc::UnboundedSender<Msg>) {}
}

pub async fn start(
    cli: &Cli,
    settings: Settings,
    config_file: Option<PathBuf>,
    keymap: Keymap,
    theme: Theme,
) -> Result<()> {
    let env = settings.default_env;
    let source = DataSource::Simulated {
        url: String::new(),
        embedded: config_file.is_none(),
    };
    let mut app = App::new(settings, env, source, keymap, theme, Utc::now());
    app.read_only = cli.read_only;
    if config_file.is_none() {
        app.banner = Some(
            "No config file: showing the built-in simulator. To use Azure: `eduops config init`, set subscription_id, `az login`.".into(),
        );
    }
    let (tx, rx) = mpsc::unbounded_channel();
    crate::runtime::run(app, NoData, tx, rx).await
}
