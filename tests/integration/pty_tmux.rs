//! Copy (`y`) inside a real tmux, with the settings the README recommends (`set-clipboard on`)
//! and tmux's default `allow-passthrough off`: tmux must take the OSC 52 eduops sends (a
//! DCS-wrapped one is dropped there), make a paste buffer of it and hand it on to the outer
//! terminal.

use std::io::Read;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct TmuxServer {
    socket: String,
}

impl TmuxServer {
    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap()
    }
}

impl Drop for TmuxServer {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn wait_until(what: &str, timeout: Duration, mut pred: impl FnMut() -> Option<String>) -> String {
    let start = Instant::now();
    loop {
        if let Some(v) = pred() {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn copy_reaches_tmux_and_the_outer_terminal() {
    let version = Command::new("tmux").arg("-V").output();
    let version = match version {
        Ok(v) => String::from_utf8_lossy(&v.stdout).into_owned(),
        Err(e) => panic!("tmux is needed for this test (.ci/run installs it): {e}"),
    };
    let dirs = tempfile::tempdir().unwrap();
    let conf = dirs.path().join("tmux.conf");
    // As the README recommends; allow-passthrough stays at its default (off).
    std::fs::write(&conf, "set -g set-clipboard on\nset -g status off\n").unwrap();
    let server = TmuxServer {
        socket: format!("eduops-test-{}", std::process::id()),
    };
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new("tmux");
    let env = |k: &str, v: &std::path::Path| format!("{k}={}", v.display());
    let (config_dir, data_dir, state_dir) = (
        dirs.path().join("config"),
        dirs.path().join("data"),
        dirs.path().join("state"),
    );
    cmd.args([
        "-L",
        &server.socket,
        "-f",
        &conf.display().to_string(),
        "new-session",
        "-x",
        "120",
        "-y",
        "40",
        "-e",
        &env("EDUOPS_CONFIG_DIR", &config_dir),
        "-e",
        &env("EDUOPS_DATA_DIR", &data_dir),
        "-e",
        &env("EDUOPS_STATE_DIR", &state_dir),
        env!("CARGO_BIN_EXE_eduops"),
        "--demo",
    ]);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("TMUX");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let outer = Arc::new(Mutex::new(Vec::<u8>::new()));
    let sink = outer.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => sink.lock().unwrap().extend_from_slice(&buf[..n]),
            }
        }
    });
    let t = Duration::from_secs(60);
    let started = Instant::now();
    loop {
        let pane = server.tmux(&["capture-pane", "-p"]);
        let text = String::from_utf8_lossy(&pane.stdout).into_owned();
        if text.contains("Running") {
            break;
        }
        if started.elapsed() > t {
            let outer = String::from_utf8_lossy(&outer.lock().unwrap()).into_owned();
            panic!(
                "no dashboard inside tmux; pane: {text}\n{}\nouter terminal: {outer:?}",
                String::from_utf8_lossy(&pane.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    use std::io::Write;
    writer.write_all(b"y").unwrap();
    writer.flush().unwrap();
    let buffer = wait_until("a tmux paste buffer from OSC 52", t, || {
        let out = server.tmux(&["show-buffer"]);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        (out.status.success() && !text.is_empty()).then_some(text)
    });
    assert!(
        buffer.contains("ci-") && buffer.contains("restarts="),
        "the selected service row, got {buffer:?} ({version})"
    );
    // tmux hands it on to the terminal it runs in (xterm's clipboard feature).
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(buffer.as_bytes());
    wait_until("OSC 52 on the outer terminal", t, || {
        let out = String::from_utf8_lossy(&outer.lock().unwrap()).into_owned();
        // tmux writes it with its own selection parameter (`c` or empty).
        (out.contains("\x1b]52;") && out.contains(&b64)).then_some(out)
    });
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let _ = wait_until("tmux to end with eduops", t, || {
        child.try_wait().unwrap().map(|s| format!("{s:?}"))
    });
}
