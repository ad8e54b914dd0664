//! Themes: the colours eduops draws with.
//!
//! Colour never carries meaning alone — every state also has a word and a symbol — so the
//! monochrome theme (chosen by `NO_COLOR`) loses nothing but decoration.

use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use super::error::{FileError, did_you_mean};
use crate::model::Env;

pub const PRESETS: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("monochrome", include_str!("../../themes/monochrome.toml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    TrueColor,
    Ansi256,
    Ansi16,
}

impl ColorDepth {
    /// What the terminal can show, from the usual environment variables.
    pub fn detect() -> ColorDepth {
        let colorterm = std::env::var("COLORTERM").unwrap_or_default();
        let term = std::env::var("TERM").unwrap_or_default();
        if colorterm == "truecolor" || colorterm == "24bit" {
            ColorDepth::TrueColor
        } else if term.contains("256") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }
}

/// The resolved palette used by the UI.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub text: Color,
    pub muted: Color,
    pub background: Color,
    pub border: Color,
    pub border_focused: Color,
    pub title: Color,
    pub selection_fg: Color,
    pub selection_bg: Color,
    pub ok: Color,
    pub warn: Color,
    pub error: Color,
    pub info: Color,
    pub accent_dev: Color,
    pub accent_staging: Color,
    pub accent_prod: Color,
    pub badge_text: Color,
    pub cpu: Color,
    pub memory: Color,
    pub threshold: Color,
    pub series: Vec<Color>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    colors: RawColors,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColors {
    text: Spanned<String>,
    muted: Spanned<String>,
    background: Spanned<String>,
    border: Spanned<String>,
    border_focused: Spanned<String>,
    title: Spanned<String>,
    selection_fg: Spanned<String>,
    selection_bg: Spanned<String>,
    ok: Spanned<String>,
    warn: Spanned<String>,
    error: Spanned<String>,
    info: Spanned<String>,
    accent_dev: Spanned<String>,
    accent_staging: Spanned<String>,
    accent_prod: Spanned<String>,
    badge_text: Spanned<String>,
    cpu: Spanned<String>,
    memory: Spanned<String>,
    threshold: Spanned<String>,
    series: Vec<Spanned<String>>,
}

const COLOR_NAMES: &[&str] = &[
    "reset",
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
];

fn parse_color(path: &Path, source: &str, v: &Spanned<String>) -> Result<Color, FileError> {
    let text = v.get_ref().trim();
    let err = |m: String| FileError::at_span(path, source, Some(v.span()), m);
    if text.eq_ignore_ascii_case("reset") || text.eq_ignore_ascii_case("default") {
        return Ok(Color::Reset);
    }
    if let Some(hex) = text.strip_prefix('#') {
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let n = u32::from_str_radix(hex, 16).map_err(|e| err(e.to_string()))?;
            return Ok(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
        }
        return Err(err(format!(
            "`{text}` is not a colour: expected #rrggbb with six hex digits"
        )));
    }
    if let Ok(n) = text.parse::<u8>() {
        return Ok(Color::Indexed(n));
    }
    let key = text.to_ascii_lowercase().replace([' ', '-', '_'], "");
    let key = key.replace("grey", "gray");
    match key.as_str() {
        "black" => Ok(Color::Black),
        "red" => Ok(Color::Red),
        "green" => Ok(Color::Green),
        "yellow" => Ok(Color::Yellow),
        "blue" => Ok(Color::Blue),
        "magenta" => Ok(Color::Magenta),
        "cyan" => Ok(Color::Cyan),
        "gray" => Ok(Color::Gray),
        "darkgray" => Ok(Color::DarkGray),
        "lightred" => Ok(Color::LightRed),
        "lightgreen" => Ok(Color::LightGreen),
        "lightyellow" => Ok(Color::LightYellow),
        "lightblue" => Ok(Color::LightBlue),
        "lightmagenta" => Ok(Color::LightMagenta),
        "lightcyan" => Ok(Color::LightCyan),
        "white" => Ok(Color::White),
        _ => {
            let hint = did_you_mean(&key, COLOR_NAMES.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            Err(err(format!(
                "`{text}` is not a colour{hint}: expected a name ({}), #rrggbb, or a number 0-255",
                COLOR_NAMES.join(", ")
            )))
        }
    }
}

impl Theme {
    pub fn parse(path: &Path, source: &str) -> Result<Theme, FileError> {
        let raw: RawTheme =
            toml::from_str(source).map_err(|e| FileError::from_toml(path, source, &e))?;
        let c = &raw.colors;
        let p = |v: &Spanned<String>| parse_color(path, source, v);
        let series = c.series.iter().map(p).collect::<Result<Vec<_>, _>>()?;
        if series.is_empty() {
            return Err(FileError::at_span(
                path,
                source,
                source.find("series").map(|i| i..i + 6),
                "colors.series needs at least one colour",
            ));
        }
        Ok(Theme {
            name: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text: p(&c.text)?,
            muted: p(&c.muted)?,
            background: p(&c.background)?,
            border: p(&c.border)?,
            border_focused: p(&c.border_focused)?,
            title: p(&c.title)?,
            selection_fg: p(&c.selection_fg)?,
            selection_bg: p(&c.selection_bg)?,
            ok: p(&c.ok)?,
            warn: p(&c.warn)?,
            error: p(&c.error)?,
            info: p(&c.info)?,
            accent_dev: p(&c.accent_dev)?,
            accent_staging: p(&c.accent_staging)?,
            accent_prod: p(&c.accent_prod)?,
            badge_text: p(&c.badge_text)?,
            cpu: p(&c.cpu)?,
            memory: p(&c.memory)?,
            threshold: p(&c.threshold)?,
            series,
        })
    }

    /// A theme by name: a file in `user_dir` wins over a shipped preset.
    pub fn load(name: &str, user_dir: &Path) -> Result<Theme, FileError> {
        let user_file = user_dir.join(format!("{name}.toml"));
        if user_file.is_file() {
            let src = std::fs::read_to_string(&user_file)
                .map_err(|e| FileError::whole_file(&user_file, format!("cannot read: {e}")))?;
            return Theme::parse(&user_file, &src);
        }
        let (_, src) = PRESETS.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
            FileError::whole_file(
                &user_file,
                format!(
                    "no theme named `{name}`: expected one of {} or a file {}",
                    names.join(", "),
                    user_file.display()
                ),
            )
        })?;
        Theme::parse(&PathBuf::from(format!("themes/{name}.toml")), src)
    }

    pub fn monochrome() -> Theme {
        // The shipped file is parsed by a test, so this cannot fail at run time; the fallback
        // keeps the signature honest all the same.
        Theme::load("monochrome", Path::new("/nonexistent")).unwrap_or_else(|_| Theme {
            name: "monochrome".into(),
            text: Color::Reset,
            muted: Color::Reset,
            background: Color::Reset,
            border: Color::Reset,
            border_focused: Color::Reset,
            title: Color::Reset,
            selection_fg: Color::Reset,
            selection_bg: Color::Reset,
            ok: Color::Reset,
            warn: Color::Reset,
            error: Color::Reset,
            info: Color::Reset,
            accent_dev: Color::Reset,
            accent_staging: Color::Reset,
            accent_prod: Color::Reset,
            badge_text: Color::Reset,
            cpu: Color::Reset,
            memory: Color::Reset,
            threshold: Color::Reset,
            series: vec![Color::Reset],
        })
    }

    pub fn is_monochrome(&self) -> bool {
        self.accent_prod == Color::Reset && self.ok == Color::Reset
    }

    /// Maps every colour to what the terminal can show.
    pub fn adapt(mut self, depth: ColorDepth) -> Theme {
        let f = |c: Color| downgrade(c, depth);
        for c in [
            &mut self.text,
            &mut self.muted,
            &mut self.background,
            &mut self.border,
            &mut self.border_focused,
            &mut self.title,
            &mut self.selection_fg,
            &mut self.selection_bg,
            &mut self.ok,
            &mut self.warn,
            &mut self.error,
            &mut self.info,
            &mut self.accent_dev,
            &mut self.accent_staging,
            &mut self.accent_prod,
            &mut self.badge_text,
            &mut self.cpu,
            &mut self.memory,
            &mut self.threshold,
        ] {
            *c = f(*c);
        }
        self.series = self.series.into_iter().map(f).collect();
        self
    }

    pub fn accent(&self, env: Env) -> Color {
        match env {
            Env::Dev => self.accent_dev,
            Env::Staging => self.accent_staging,
            Env::Prod => self.accent_prod,
        }
    }

    pub fn base(&self) -> Style {
        Style::default().fg(self.text).bg(self.background)
    }

    pub fn muted(&self) -> Style {
        Style::default().fg(self.muted)
    }

    /// The selected row: colours where there are any, reverse video where there are none.
    pub fn selection(&self) -> Style {
        if self.selection_bg == Color::Reset {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
                .fg(self.selection_fg)
                .bg(self.selection_bg)
                .add_modifier(Modifier::BOLD)
        }
    }

    /// Environment badge: unmistakable for prod, in colour or not.
    pub fn badge(&self, env: Env) -> Style {
        let s = Style::default().add_modifier(Modifier::BOLD);
        if self.is_monochrome() {
            if env == Env::Prod {
                s.add_modifier(Modifier::REVERSED)
            } else {
                s
            }
        } else {
            s.fg(self.badge_text).bg(self.accent(env))
        }
    }
}

fn downgrade(c: Color, depth: ColorDepth) -> Color {
    let Color::Rgb(r, g, b) = c else {
        return c;
    };
    match depth {
        ColorDepth::TrueColor => c,
        ColorDepth::Ansi256 => Color::Indexed(rgb_to_256(r, g, b)),
        ColorDepth::Ansi16 => rgb_to_16(r, g, b),
    }
}

fn rgb_to_256(r: u8, g: u8, b: u8) -> u8 {
    let q = |v: u8| -> u8 {
        if v < 48 {
            0
        } else if v < 115 {
            1
        } else {
            (v - 35) / 40
        }
    };
    16 + 36 * q(r) + 6 * q(g) + q(b)
}

fn rgb_to_16(r: u8, g: u8, b: u8) -> Color {
    const TABLE: [(Color, (u8, u8, u8)); 16] = [
        (Color::Black, (0, 0, 0)),
        (Color::Red, (205, 0, 0)),
        (Color::Green, (0, 205, 0)),
        (Color::Yellow, (205, 205, 0)),
        (Color::Blue, (0, 0, 238)),
        (Color::Magenta, (205, 0, 205)),
        (Color::Cyan, (0, 205, 205)),
        (Color::Gray, (229, 229, 229)),
        (Color::DarkGray, (127, 127, 127)),
        (Color::LightRed, (255, 0, 0)),
        (Color::LightGreen, (0, 255, 0)),
        (Color::LightYellow, (255, 255, 0)),
        (Color::LightBlue, (92, 92, 255)),
        (Color::LightMagenta, (255, 0, 255)),
        (Color::LightCyan, (0, 255, 255)),
        (Color::White, (255, 255, 255)),
    ];
    let d = |(a, b2, c2): (u8, u8, u8)| {
        let dr = i32::from(r) - i32::from(a);
        let dg = i32::from(g) - i32::from(b2);
        let db = i32::from(b) - i32::from(c2);
        dr * dr + dg * dg + db * db
    };
    TABLE
        .iter()
        .min_by_key(|(_, rgb)| d(*rgb))
        .map(|(c, _)| *c)
        .unwrap_or(Color::Reset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_colour_fallback_keeps_prod_red() {
        let t = Theme::load("default", Path::new("/nonexistent"))
            .unwrap()
            .adapt(ColorDepth::Ansi16);
        assert!(matches!(t.accent_prod, Color::Red | Color::LightRed));
    }

    #[test]
    fn bad_colour_is_located() {
        let src = Theme::load("default", Path::new("/x")).map(|_| ()).ok();
        assert!(src.is_some());
        let text = PRESETS[0].1.replace("\"#", "\"#zz");
        let err = Theme::parse(Path::new("t.toml"), &text).unwrap_err();
        assert!(
            err.line > 0 && err.message.contains("six hex digits"),
            "{err}"
        );
    }
}
