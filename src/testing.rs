//! Helpers for tests and benchmarks: an App with a pinned clock and time zone, and rendering
//! to text through ratatui's `TestBackend`.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use ratatui::{Terminal, backend::TestBackend};

use crate::app::{App, DataSource};
use crate::config::{Keymap, Settings, Theme};
use crate::model::Env;

/// 2026-11-27 10:30 KST — a school-day morning, fixed so snapshots do not move.
pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 1, 30, 0)
        .single()
        .unwrap_or_default()
}

pub fn kst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600)
        .unwrap_or(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()))
}

/// An app on the embedded simulator, default keymap and monochrome-free default theme.
pub fn app(env: Env) -> App {
    app_with(env, Settings::default(), fixed_now())
}

/// An app that shows `source` in its status bar (e.g. Azure, for the sign-in screens).
pub fn app_on(env: Env, source: DataSource) -> App {
    build(env, Settings::default(), source, fixed_now())
}

/// An app with these settings (e.g. the subscription of a test's simulator), its clock at `now`.
pub fn app_with(env: Env, settings: Settings, now: DateTime<Utc>) -> App {
    let source = DataSource::Simulated {
        url: "http://127.0.0.1:0".into(),
        embedded: true,
    };
    build(env, settings, source, now)
}

fn build(env: Env, settings: Settings, source: DataSource, now: DateTime<Utc>) -> App {
    let keymap =
        Keymap::preset("default", std::path::Path::new("/nonexistent")).unwrap_or_default();
    let theme = Theme::load("default", std::path::Path::new("/nonexistent"))
        .unwrap_or_else(|_| Theme::monochrome());
    let mut app = App::new(settings, env, source, keymap, theme, now);
    app.set_tz(kst());
    app
}

/// Renders `app` at `w`x`h` and returns the screen as text, one line per row.
pub fn render_text(app: &mut App, w: u16, h: u16) -> String {
    let _ = app.update(crate::app::Msg::Resize(w, h));
    let mut term = match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(_) => return String::new(),
    };
    let _ = term.draw(|f| crate::ui::render(f, app));
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
