//! Run files in the data dir: each change written at once and atomically, so an SSH drop or a
//! SIGHUP mid-run loses nothing and never leaves a half-written file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::run::{RUN_FORMAT, Run};
use crate::config::FileError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// A run file that does not parse; it is left as it is for a person to look at.
    #[error("corrupt run file {0}")]
    Corrupt(FileError),
    #[error("no checklist run matches `{0}`")]
    NotFound(String),
    #[error("`{query}` matches several runs: {}", matches.join(", "))]
    Ambiguous { query: String, matches: Vec<String> },
    #[error(
        "{} holds another run or an unreadable one; not overwriting it",
        .0.display()
    )]
    WouldOverwrite(PathBuf),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Past runs, newest first, and the files that could not be read.
#[derive(Debug, Default)]
pub struct RunList {
    pub runs: Vec<Run>,
    pub errors: Vec<StoreError>,
}

#[derive(Debug, Clone)]
pub struct RunStore {
    dir: PathBuf,
}

impl RunStore {
    pub fn new(dir: impl Into<PathBuf>) -> RunStore {
        RunStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Saves a new run, renaming it (`-2`, `-3`…) if its id is taken, so two runs started in the
    /// same second never share a file.
    pub fn create(&self, run: &mut Run) -> Result<PathBuf, StoreError> {
        fs::create_dir_all(&self.dir).map_err(io_err(&self.dir))?;
        let base = run.id.clone();
        let mut n = 1;
        while self.path_of(&run.id).exists() {
            n += 1;
            run.id = format!("{base}-{n}");
        }
        self.save(run)
    }

    /// Writes `run` atomically: temp file in the same dir, fsync, rename over, fsync the dir.
    /// Refuses to replace a file that holds another run or does not parse.
    pub fn save(&self, run: &Run) -> Result<PathBuf, StoreError> {
        fs::create_dir_all(&self.dir).map_err(io_err(&self.dir))?;
        let path = self.path_of(&run.id);
        if path.exists() {
            match read_run(&path) {
                Ok(existing) if existing.id == run.id => {}
                _ => return Err(StoreError::WouldOverwrite(path)),
            }
        }
        let json = serde_json::to_vec_pretty(run).map_err(|e| StoreError::Io {
            path: path.clone(),
            source: io::Error::other(e),
        })?;
        let tmp = self
            .dir
            .join(format!(".{}.json.tmp-{}", run.id, std::process::id()));
        let write = || -> io::Result<()> {
            let mut options = OpenOptions::new();
            options.write(true).create(true).truncate(true);
            // Notes may hold incident details: readable by the operator only.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut f = options.open(&tmp)?;
            f.write_all(&json)?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            fs::rename(&tmp, &path)?;
            // The rename is durable only once the directory entry is on disk.
            File::open(&self.dir)?.sync_all()
        };
        write().map_err(|e| {
            // The temp file is gone already when the rename went through; any other leftover
            // is harmless to later saves but worth a line in the log.
            if let Err(rm) = fs::remove_file(&tmp)
                && rm.kind() != io::ErrorKind::NotFound
            {
                tracing::warn!(file = %tmp.display(), error = %rm, "temp run file left behind");
            }
            StoreError::Io {
                path: path.clone(),
                source: e,
            }
        })?;
        Ok(path)
    }

    pub fn load(&self, id: &str) -> Result<Run, StoreError> {
        let path = self.path_of(id);
        if !path.exists() {
            return Err(StoreError::NotFound(id.to_string()));
        }
        read_run(&path)
    }

    /// Every run in the store, newest first; unreadable files are reported, not skipped silently.
    pub fn list(&self) -> RunList {
        let mut list = RunList::default();
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return list,
            Err(e) => {
                list.errors.push(io_err(&self.dir)(e));
                return list;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_run_file(p))
            .collect();
        paths.sort();
        for path in paths {
            match read_run(&path) {
                Ok(run) => list.runs.push(run),
                Err(e) => list.errors.push(e),
            }
        }
        list.runs
            .sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
        list
    }

    /// A run by id, unique id prefix, `last`, or the path of a run file.
    pub fn resolve(&self, query: &str) -> Result<Run, StoreError> {
        let as_path = Path::new(query);
        if query.ends_with(".json") && as_path.is_file() {
            return read_run(as_path);
        }
        if self.path_of(query).is_file() {
            return self.load(query);
        }
        let list = self.list();
        if query == "last" || query == "latest" {
            return list
                .runs
                .into_iter()
                .next()
                .ok_or_else(|| StoreError::NotFound(query.to_string()));
        }
        let mut matches: Vec<Run> = list
            .runs
            .into_iter()
            .filter(|r| r.id.starts_with(query))
            .collect();
        match matches.len() {
            0 => Err(StoreError::NotFound(query.to_string())),
            1 => Ok(matches.remove(0)),
            _ => Err(StoreError::Ambiguous {
                query: query.to_string(),
                matches: matches.into_iter().map(|r| r.id).collect(),
            }),
        }
    }
}

fn is_run_file(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "json")
        && p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.starts_with('.'))
}

/// Reads a run file; a file that does not parse gives its line and column.
pub fn read_run(path: &Path) -> Result<Run, StoreError> {
    let text = fs::read_to_string(path).map_err(io_err(path))?;
    // The format is checked first so a newer file says so instead of naming a field.
    #[derive(serde::Deserialize)]
    struct Format {
        format: Option<u32>,
    }
    if let Ok(Format {
        format: Some(format),
    }) = serde_json::from_str::<Format>(&text)
        && format > RUN_FORMAT
    {
        return Err(StoreError::Corrupt(FileError::whole_file(
            path,
            format!(
                "run file format {format} is newer than this eduops understands ({RUN_FORMAT}); upgrade eduops"
            ),
        )));
    }
    serde_json::from_str(&text).map_err(|e| {
        StoreError::Corrupt(FileError {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: format!("not a valid checklist run: {e}"),
        })
    })
}
