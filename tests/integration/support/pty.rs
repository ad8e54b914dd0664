//! Runs the real `eduops` binary in a pseudo-terminal, with `vt100` as the screen.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    // Kept so the pty stays open until the test ends.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    pub dirs: tempfile::TempDir,
}

impl Pty {
    /// Starts `eduops ARGS` at `cols`x`rows` with its own empty config and data dirs.
    pub fn spawn(args: &[&str], envs: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        let dirs = tempfile::tempdir().unwrap();
        Pty::spawn_in(dirs, args, envs, cols, rows)
    }

    pub fn spawn_in(
        dirs: tempfile::TempDir,
        args: &[&str],
        envs: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_eduops"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("EDUOPS_CONFIG_DIR", dirs.path().join("config"));
        cmd.env("EDUOPS_DATA_DIR", dirs.path().join("data"));
        cmd.env("EDUOPS_STATE_DIR", dirs.path().join("state"));
        cmd.env_remove("NO_COLOR");
        // The embedded simulator's story, pinned: what a test sees does not depend on the hour.
        cmd.env("EDUOPS_SIM_START", "2026-11-27T01:30:00Z");
        cmd.env("EDUOPS_SIM_SEED", "1");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let p = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => p.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        Pty {
            child,
            writer,
            parser,
            _master: pair.master,
            dirs,
        }
    }

    /// Takes the config and data dirs, to start the binary again on the same files.
    pub fn take_dirs(&mut self) -> tempfile::TempDir {
        std::mem::replace(&mut self.dirs, tempfile::tempdir().unwrap())
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until `pred` holds for the screen text; panics with the screen on timeout.
    pub fn wait_until(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return;
            }
            if start.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn wait_for(&self, text: &str, timeout: Duration) {
        self.wait_until(text, timeout, |s| s.contains(text));
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn signal(&self, sig: &str) {
        let pid = self.child.process_id().unwrap() as libc::pid_t;
        let signo = match sig {
            "TERM" => libc::SIGTERM,
            "HUP" => libc::SIGHUP,
            "INT" => libc::SIGINT,
            "KILL" => libc::SIGKILL,
            other => panic!("unknown signal {other}"),
        };
        // SAFETY: sending a signal to our own child process.
        let rc = unsafe { libc::kill(pid, signo) };
        assert_eq!(rc, 0, "kill -{sig} {pid} failed");
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the process to end; returns its exit code, or panics after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain what was written last.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!(
                    "did not exit within {timeout:?}; screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The terminal is back to normal: main screen, cursor visible.
    pub fn assert_restored(&self) {
        let p = self.parser.lock().unwrap();
        let s = p.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor still hidden");
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
