//! Container logs: uvicorn-style lines of the current container instance, generated per minute
//! from the seed, the load and the incidents (errors included), newest last.

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use super::incident::IncidentKind;
use super::load::school_load;
use super::noise::{hash3, mix, unit};
use super::world::World;

/// Lines returned when the caller gives no `tail` (Azure caps logs by size; this keeps it small).
pub const DEFAULT_LINES: usize = 300;

fn endpoints(service: &str) -> &'static [(&'static str, &'static str)] {
    match service {
        "gateway" => &[
            ("GET", "/api/v1/classes"),
            ("POST", "/api/v1/auth/token"),
            ("GET", "/api/v1/students/me"),
            ("POST", "/api/v1/lessons/generate"),
        ],
        "lesson-plan-ai" => &[
            ("POST", "/v1/lesson-plans"),
            ("GET", "/v1/lesson-plans/{id}"),
            ("POST", "/v1/lesson-plans/{id}/revise"),
        ],
        "content-gen-ai" => &[
            ("POST", "/v1/content/worksheets"),
            ("POST", "/v1/content/quizzes"),
            ("GET", "/v1/content/jobs/{id}"),
        ],
        "assessment-ai" => &[
            ("POST", "/v1/assessments/grade"),
            ("POST", "/v1/assessments/feedback"),
            ("GET", "/v1/assessments/{id}"),
        ],
        "teaching-agent" => &[
            ("POST", "/v1/agent/sessions"),
            ("POST", "/v1/agent/sessions/{id}/messages"),
            ("DELETE", "/v1/agent/sessions/{id}"),
        ],
        "streaming-ai" => &[
            ("GET", "/v1/stream/lectures/{id}"),
            ("POST", "/v1/stream/transcribe"),
            ("GET", "/v1/stream/captions/{id}"),
        ],
        _ => &[("GET", "/v1/items"), ("POST", "/v1/items")],
    }
}

fn startup(service: &str) -> Vec<String> {
    vec![
        "INFO:     Started server process [1]".to_string(),
        "INFO:     Waiting for application startup.".to_string(),
        format!("INFO:     {service}: loading configuration for environment from Key Vault"),
        "INFO:     Application startup complete.".to_string(),
        "INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)".to_string(),
    ]
}

/// The log of the group's current instance up to `now`, last `tail` lines.
pub fn content(
    world: &World,
    group: usize,
    now: DateTime<Utc>,
    tail: Option<usize>,
    timestamps: bool,
) -> String {
    let view = world.view(group, now);
    let g = &world.groups[group];
    let want = tail.unwrap_or(DEFAULT_LINES);
    if want == 0 {
        return String::new();
    }
    let run_start = view.current.start_time;
    let run_end = view.current.finish_time.unwrap_or(now).min(now);
    let incidents = world.incidents_of(group);
    let seed = world.seed;
    let eps = endpoints(&g.service);

    // Walk minutes backwards, newest first, until enough lines.
    let mut rev: Vec<(DateTime<Utc>, String)> = Vec::new();
    let first_minute = run_start.timestamp().div_euclid(60);
    let mut minute = run_end.timestamp().div_euclid(60);
    while minute >= first_minute && rev.len() < want {
        let t0 = DateTime::<Utc>::from_timestamp(minute * 60, 0).unwrap_or(run_start);
        let load = school_load(t0, g.profile.evening);
        let h = hash3(seed, g.key ^ 0x106, minute as u64);
        let n = 1 + (load * 5.0 * unit(h)).round() as u64;
        let mut lines: Vec<(DateTime<Utc>, String)> = Vec::new();
        for k in 0..n {
            let hk = hash3(seed, h, k);
            let at = t0 + Duration::milliseconds((unit(hk) * 59_999.0) as i64);
            if at < run_start || at > run_end {
                continue;
            }
            let mut line = request_line(eps, hk, &g.service);
            for inc in incidents.iter().filter(|i| i.active(at)) {
                match inc.kind {
                    IncidentKind::CpuSpike if unit(mix(hk ^ 3)) < 0.3 => {
                        line = format!(
                            "WARNING:  request queue depth {} exceeds 100; shedding load (503)",
                            100 + (hk % 90)
                        );
                    }
                    IncidentKind::MemoryLeak if unit(mix(hk ^ 5)) < 0.15 => {
                        let progress = (at - inc.start).num_seconds() as f64
                            / (inc.end - inc.start).num_seconds().max(1) as f64;
                        line = format!(
                            "WARNING:  worker RSS {:.2} GiB of 4 GiB; response cache holds {} entries",
                            1.6 + 2.2 * progress.clamp(0.0, 1.0),
                            20_000 + (progress * 480_000.0) as u64
                        );
                    }
                    _ => {}
                }
            }
            lines.push((at, line));
        }
        lines.sort_by_key(|l| l.0);
        rev.extend(lines.into_iter().rev());
        minute -= 1;
    }
    let mut out: Vec<(DateTime<Utc>, String)> = rev.into_iter().rev().collect();
    if minute < first_minute {
        let mut head: Vec<(DateTime<Utc>, String)> = startup(&g.service)
            .into_iter()
            .enumerate()
            .map(|(k, l)| (run_start + Duration::milliseconds(150 * k as i64), l))
            .collect();
        head.append(&mut out);
        out = head;
    }
    // A crashed instance ends with the reason it died.
    if view.current.state == "Waiting" && view.current.detail == "CrashLoopBackOff" {
        out = crash_tail(&g.service, run_start);
    }
    if view.current.state == "Terminated" && view.current.detail == "Error" {
        out.push((
            run_end,
            "ERROR:    Application startup failed. Exiting.".to_string(),
        ));
    }
    let skip = out.len().saturating_sub(want);
    let mut s = String::new();
    for (at, line) in out.into_iter().skip(skip) {
        if timestamps {
            s.push_str(&at.to_rfc3339_opts(SecondsFormat::Nanos, true));
            s.push(' ');
        }
        s.push_str(&line);
        s.push('\n');
    }
    s
}

fn request_line(eps: &[(&str, &str)], h: u64, service: &str) -> String {
    let (method, path) = eps[(h % eps.len() as u64) as usize];
    let path = path.replace("{id}", &format!("{:x}", (h >> 20) & 0xffffff));
    let ip = format!("10.0.{}.{}", (h >> 8) % 4, 4 + (h >> 12) % 200);
    let port = 30_000 + (h >> 16) % 30_000;
    let r = unit(mix(h ^ 7));
    if r < 0.02 {
        if service == "gateway" {
            format!("WARNING:  upstream timeout after 30.0s on {method} {path}; returned 504")
        } else {
            "ERROR:    openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o in organization on tokens per min (TPM)', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}".to_string()
        }
    } else if r < 0.03 {
        format!("INFO:     {ip}:{port} - \"{method} {path} HTTP/1.1\" 500 Internal Server Error")
    } else if r < 0.07 {
        format!("INFO:     {ip}:{port} - \"GET /health HTTP/1.1\" 200 OK")
    } else {
        format!("INFO:     {ip}:{port} - \"{method} {path} HTTP/1.1\" 200 OK")
    }
}

fn crash_tail(service: &str, died: DateTime<Utc>) -> Vec<(DateTime<Utc>, String)> {
    let start = died - Duration::seconds(40);
    let mut lines = startup(service);
    lines.truncate(3);
    lines.extend([
        format!("INFO:     {service}: loading model checkpoint /models/{service}/current"),
        "ERROR:    Traceback (most recent call last):".to_string(),
        "ERROR:      File \"/app/main.py\", line 58, in lifespan".to_string(),
        "ERROR:        model = load_checkpoint(settings.model_path)".to_string(),
        "ERROR:    RuntimeError: checkpoint is corrupt: sha256 mismatch (expected 9f2c…e1, got 03ab…7d)".to_string(),
        "ERROR:    Application startup failed. Exiting.".to_string(),
    ]);
    lines
        .into_iter()
        .enumerate()
        .map(|(k, l)| (start + Duration::seconds(5 * k as i64), l))
        .collect()
}
