//! The real binary in a real pseudo-terminal: first frame, help from the keymap, and a
//! restored terminal after quit, SIGTERM and SIGHUP.

use crate::support;

use std::time::Duration;

use support::pty::Pty;

const T: Duration = Duration::from_secs(15);
const HELP_TITLE: &str = "Help — j/k scroll";

#[test]
fn help_lists_keymap_bindings_and_quit_restores_terminal() {
    let mut p = Pty::spawn(&[], &[], 120, 40);
    p.wait_for("1 Services", T);
    p.wait_for("SIMULATED", T);
    p.send("?");
    p.wait_for("Help", T);
    // Bindings come from keymaps/default.toml.
    p.wait_until("restart binding in help", T, |s| {
        s.lines()
            .any(|l| l.contains(" r ") && l.contains("restart"))
    });
    p.send("q");
    assert_eq!(p.wait_exit(T), 0);
    p.assert_restored();
}

#[test]
fn user_keymap_override_shows_in_help() {
    let dirs = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dirs.path().join("config")).unwrap();
    std::fs::write(
        dirs.path().join("config/keymap.toml"),
        "[global]\n\"Q\" = \"quit\"\n\"q\" = \"noop\"\n",
    )
    .unwrap();
    let mut p = Pty::spawn_in(dirs, &[], &[], 120, 40);
    p.wait_for("1 Services", T);
    p.send("?");
    p.wait_until("Q bound to quit", T, |s| {
        s.lines().any(|l| l.contains(" Q ") && l.contains("quit"))
    });
    p.send("\x1b"); // close help
    p.wait_until("help closed", T, |s| !s.contains(HELP_TITLE));
    // Keys are handled in order: once the help that `?` opens after `q` is on screen, `q` has
    // been handled, and it must not have quit.
    p.send("q?");
    p.wait_until("help open again after q", T, |s| s.contains(HELP_TITLE));
    assert!(
        p.is_running(),
        "q still quit although keymap.toml unbound it"
    );
    // Esc alone: an Esc followed at once by a key reads as Alt+key.
    p.send("\x1b");
    p.wait_until("help closed again", T, |s| !s.contains(HELP_TITLE));
    p.send("Q");
    assert_eq!(p.wait_exit(T), 0);
    p.assert_restored();
}

fn exits_on(sig: &str) {
    let mut p = Pty::spawn(&[], &[], 120, 40);
    p.wait_for("1 Services", T);
    p.signal(sig);
    let code = p.wait_exit(T);
    assert_eq!(code, 0, "exit code after SIG{sig}");
    p.assert_restored();
}

#[test]
fn sigterm_restores_terminal() {
    exits_on("TERM");
}

#[test]
fn sighup_restores_terminal() {
    exits_on("HUP");
}

#[test]
fn too_small_terminal_says_so() {
    let mut p = Pty::spawn(&[], &[], 50, 12);
    p.wait_for("terminal too small", T);
    p.wait_for("need at least 60x16", T);
    p.send("q");
    assert_eq!(p.wait_exit(T), 0);
}

#[test]
fn bad_config_fails_before_raw_mode_with_location() {
    let dirs = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dirs.path().join("config")).unwrap();
    std::fs::write(dirs.path().join("config/config.toml"), "[ui]\nthmee = 1\n").unwrap();
    let mut p = Pty::spawn_in(dirs, &[], &[], 120, 40);
    p.wait_for("config.toml:2:1: unknown field `thmee`", T);
    assert_eq!(p.wait_exit(T), 2);
    p.assert_restored();
}
