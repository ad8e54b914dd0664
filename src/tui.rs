//! The terminal: raw mode and the alternate screen in, and reliably out again.
//!
//! Restoring is idempotent and is reached from every exit path: normal quit, an error
//! returned from the event loop, a panic (the hook restores before printing the report),
//! and SIGTERM/SIGHUP/SIGINT (turned into a quit by the event loop). After SIGHUP the terminal
//! is usually gone; restore then only fails quietly.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::{
    cursor, execute,
    terminal::{self, BeginSynchronizedUpdate, EndSynchronizedUpdate},
};
use ratatui::{Terminal, backend::CrosstermBackend};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Raw mode, alternate screen, hidden cursor.
pub fn init() -> io::Result<Term> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    if let Err(e) = execute!(out, terminal::EnterAlternateScreen, cursor::Hide) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Puts the terminal back as it was. Safe to call more than once and from a panic hook.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        let _ = execute!(
            out,
            EndSynchronizedUpdate,
            terminal::LeaveAlternateScreen,
            cursor::Show
        );
        let _ = terminal::disable_raw_mode();
        let _ = out.flush();
    }
}

/// Installs color-eyre's hooks so that a panic or an error report restores the terminal
/// before printing, never into the alternate screen.
pub fn install_hooks() -> color_eyre::Result<()> {
    let (panic_hook, eyre_hook) = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .into_hooks();
    eyre_hook.install()?;
    let panic_hook = panic_hook.into_panic_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        panic_hook(info);
    }));
    Ok(())
}

/// Draws one frame inside a synchronized update (DEC mode 2026), so terminals that support
/// it show the frame at once and SSH users see no tearing; others ignore the sequence.
pub fn draw(term: &mut Term, f: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
    execute!(term.backend_mut(), BeginSynchronizedUpdate)?;
    let res = term.draw(f).map(|_| ());
    execute!(term.backend_mut(), EndSynchronizedUpdate)?;
    res
}

/// Writes an OSC 52 clipboard sequence: the terminal (local, even over SSH; tmux with
/// `set-clipboard on`) puts `text` on the clipboard.
pub fn copy_osc52(term: &mut Term, text: &str) -> io::Result<()> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let seq = if std::env::var_os("TMUX").is_some() {
        format!("\x1bPtmux;\x1b\x1b]52;c;{b64}\x07\x1b\\")
    } else {
        format!("\x1b]52;c;{b64}\x07")
    };
    let w = term.backend_mut();
    w.write_all(seq.as_bytes())?;
    w.flush()
}
