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
    terminal::{self, EndSynchronizedUpdate},
};
use ratatui::{Terminal, backend::CrosstermBackend};

pub type Term = Terminal<CrosstermBackend<FrameWriter>>;

/// Collects everything one frame writes and sends it in a single write, wrapped in a
/// synchronized update (DEC mode 2026): supporting terminals show the frame at once (no
/// tearing over SSH), others ignore the markers. A frame that changed no cell writes nothing
/// at all, not even the markers.
pub struct FrameWriter {
    buf: Vec<u8>,
    out: Stdout,
}

const BEGIN_SYNC: &[u8] = b"\x1b[?2026h";
const END_SYNC: &[u8] = b"\x1b[?2026l";

impl Write for FrameWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let mut frame = Vec::with_capacity(self.buf.len() + BEGIN_SYNC.len() + END_SYNC.len());
        frame.extend_from_slice(BEGIN_SYNC);
        frame.append(&mut self.buf);
        frame.extend_from_slice(END_SYNC);
        self.out.write_all(&frame)?;
        self.out.flush()
    }
}

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
    Terminal::new(CrosstermBackend::new(FrameWriter {
        buf: Vec::new(),
        out: io::stdout(),
    }))
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
        // A panic in a background task would otherwise leave the loop drawing on a restored
        // terminal with a half-dead app: end the process, visibly, instead.
        std::process::exit(101);
    }));
    Ok(())
}

/// Draws one frame; [`FrameWriter`] makes it one synchronized write, or none.
pub fn draw(term: &mut Term, f: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
    term.draw(f).map(|_| ())
}

/// Writes a plain OSC 52 clipboard sequence: the terminal (local, even over SSH) puts `text` on
/// the clipboard. Inside tmux it is plain too: with `set-clipboard on` tmux takes a plain OSC 52
/// itself and hands it on, while a DCS-wrapped one needs `allow-passthrough`, which is off by
/// default (tmux 3.3 drops it).
pub fn copy_osc52(term: &mut Term, text: &str) -> io::Result<()> {
    use crossterm::clipboard::CopyToClipboard;
    // Whatever a frame left in the buffer goes first, then the sequence on its own, outside
    // any synchronized update.
    term.backend_mut().flush()?;
    let mut out = io::stdout();
    execute!(out, CopyToClipboard::to_clipboard_from(text.as_bytes()))
}
