//! The event loop: terminal events, background results and signals in; frames out.
//!
//! Frames are drawn only when the app says something visible changed, and at most once per
//! 16 ms, so a burst of results costs one frame and an idle dashboard writes (almost) nothing.

use std::time::Duration;

use chrono::Utc;
use color_eyre::Result;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::app::{App, Effect, Msg};
use crate::tui;

const FRAME: Duration = Duration::from_millis(16);

/// What "now" is on screen: the wall clock for Azure, the virtual clock of an embedded simulator.
pub type Clock = std::sync::Arc<dyn Fn() -> chrono::DateTime<Utc> + Send + Sync>;

struct Signals {
    term: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

/// Carries out the app's effects (poller targets, refreshes, requests).
pub trait EffectRunner {
    fn run(&mut self, effect: Effect, tx: &mpsc::UnboundedSender<Msg>);
}

/// Runs the dashboard until quit or a signal; the terminal is restored on every way out.
pub async fn run(
    clock: Clock,
    mut app: App,
    mut runner: impl EffectRunner,
    tx: mpsc::UnboundedSender<Msg>,
    mut rx: mpsc::UnboundedReceiver<Msg>,
) -> Result<()> {
    // Signals first: a SIGTERM between raw mode and the loop must still restore the terminal.
    let signals = Signals {
        term: signal(SignalKind::terminate())?,
        hup: signal(SignalKind::hangup())?,
        int: signal(SignalKind::interrupt())?,
    };
    let mut term = tui::init()?;
    let result = event_loop(
        &clock,
        &mut term,
        &mut app,
        &mut runner,
        &tx,
        &mut rx,
        signals,
    )
    .await;
    tui::restore();
    result
}

async fn event_loop(
    clock: &Clock,
    term: &mut tui::Term,
    app: &mut App,
    runner: &mut impl EffectRunner,
    tx: &mpsc::UnboundedSender<Msg>,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    signals: Signals,
) -> Result<()> {
    let mut events = EventStream::new();
    let Signals {
        term: mut sigterm,
        hup: mut sighup,
        int: mut sigint,
    } = signals;
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let size = term.size()?;
    for e in app.update(Msg::Resize(size.width, size.height)) {
        runner.run(e, tx);
    }
    let mut last_frame = tokio::time::Instant::now() - FRAME;

    loop {
        if app.should_quit() {
            return Ok(());
        }
        let frame_due = last_frame + FRAME;
        let msg = tokio::select! {
            biased;
            _ = sigterm.recv() => Msg::Signal("SIGTERM"),
            _ = sighup.recv() => Msg::Signal("SIGHUP"),
            _ = sigint.recv() => Msg::Signal("SIGINT"),
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Msg::Key(k),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                // The terminal went away (SSH dropped): nothing left to draw on.
                Some(Err(_)) | None => Msg::Signal("terminal closed"),
            },
            Some(m) = rx.recv() => m,
            _ = ticker.tick() => Msg::Tick(clock()),
            _ = tokio::time::sleep_until(frame_due), if app.is_dirty() => {
                draw(term, app)?;
                last_frame = tokio::time::Instant::now();
                continue;
            }
        };
        if let Msg::Signal(sig) = &msg {
            tracing::info!(signal = sig, "quitting on signal");
        }
        for effect in app.update(msg) {
            if let Effect::Copy(text) = &effect {
                if let Err(e) = tui::copy_osc52(term, text) {
                    tracing::warn!(error = %e, "copy to the clipboard (OSC 52) failed");
                }
                continue;
            }
            runner.run(effect, tx);
        }
        if app.is_dirty() && tokio::time::Instant::now() >= frame_due && !app.should_quit() {
            draw(term, app)?;
            last_frame = tokio::time::Instant::now();
        }
    }
}

fn draw(term: &mut tui::Term, app: &mut App) -> Result<()> {
    tui::draw(term, |f| crate::ui::render(f, app))?;
    app.mark_drawn();
    Ok(())
}
