//! A run as Markdown, for pasting into an incident or a hand-off note.

use std::fmt::Write;

use super::run::Run;
use crate::format::duration::hms;

/// Renders `run` as GitHub-flavoured Markdown: a summary, one table row per item, then the
/// evidence and notes of the items that have any.
// `writeln!` into a `String` cannot fail: its `fmt::Result` is dropped with `let _`.
pub fn to_markdown(run: &Run) -> String {
    let mut md = String::new();
    let (done, total) = run.progress();
    let _ = writeln!(md, "# {} — {} ({})", run.title, run.title_en, run.env);
    md.push('\n');
    let _ = writeln!(md, "- Run: `{}`", run.id);
    let _ = writeln!(md, "- Operator: {}", escape_inline(&run.operator));
    let _ = writeln!(md, "- Environment: {}", run.env);
    let _ = writeln!(
        md,
        "- Started: {}",
        run.started_at.format("%Y-%m-%d %H:%M:%S UTC")
    );
    match run.finished_at {
        Some(end) => {
            let _ = writeln!(md, "- Finished: {}", end.format("%Y-%m-%d %H:%M:%S UTC"));
        }
        None => md.push_str("- Finished: not yet (run in progress)\n"),
    }
    let _ = writeln!(md, "- Time spent: {}", hms(run.seconds_spent()));
    let mut tally = Vec::new();
    for o in super::run::Outcome::ALL {
        let n = run.count(o);
        if n > 0 {
            tally.push(format!("{n} {}", o.label()));
        }
    }
    if done < total {
        tally.push(format!("{} unanswered", total - done));
    }
    let _ = writeln!(
        md,
        "- Result: {done}/{total} answered ({})",
        tally.join(", ")
    );
    if run.overrides() > 0 {
        let _ = writeln!(
            md,
            "- Overrides: {} (operator's mark contradicts the auto-check)",
            run.overrides()
        );
    }
    md.push_str("\n| # | Item | Result | Auto-check | Time | Note |\n");
    md.push_str("|---|------|--------|------------|------|------|\n");
    for (i, item) in run.items.iter().enumerate() {
        let result = match item.outcome {
            Some(o) => {
                let flag = if item.overridden { " (override)" } else { "" };
                format!("{} {}{flag}", o.symbol(), o.label())
            }
            None => "· unanswered".to_string(),
        };
        let auto = match (&item.evidence, &item.action_result) {
            (Some(e), _) => format!("{} {}", e.verdict.symbol(), e.verdict.label()),
            (None, Some(a)) => format!(
                "{} {} ({})",
                a.verdict.symbol(),
                a.verdict.label(),
                a.action.as_str()
            ),
            (None, None) => "—".to_string(),
        };
        let _ = writeln!(
            md,
            "| {} | {}<br>{} | {result} | {auto} | {} | {} |",
            i + 1,
            escape_cell(&item.ko),
            escape_cell(&item.en),
            hms(item.seconds_spent),
            escape_cell(&item.note)
        );
    }
    let detailed: Vec<_> = run
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.evidence.is_some() || i.action_result.is_some() || !i.note.is_empty())
        .collect();
    if !detailed.is_empty() {
        md.push_str("\n## Evidence and notes\n");
    }
    for (i, item) in detailed {
        let _ = writeln!(md, "\n### {}. {} — {}\n", i + 1, item.ko, item.en);
        if let Some(e) = &item.evidence {
            let why = match &e.verdict {
                crate::health::Verdict::Unknown(why) => format!(": {why}"),
                _ => String::new(),
            };
            let _ = writeln!(
                md,
                "Auto-check `{}`: **{}**{why} (checked {})\n",
                e.check.as_str(),
                e.verdict.label(),
                e.checked_at.format("%Y-%m-%d %H:%M:%S UTC")
            );
            fenced(&mut md, &e.lines);
        }
        if let Some(a) = &item.action_result {
            let _ = writeln!(
                md,
                "Action `{}`: **{}** ({})\n",
                a.action.as_str(),
                a.verdict.label(),
                a.at.format("%Y-%m-%d %H:%M:%S UTC")
            );
            fenced(&mut md, &a.lines);
        }
        if item.overridden {
            md.push_str("\n**Override:** the operator's mark contradicts the auto-check.\n");
        }
        if !item.note.is_empty() {
            md.push('\n');
            for line in item.note.lines() {
                let _ = writeln!(md, "> {}", escape_inline(line));
            }
        }
    }
    md
}

/// Table cells cannot hold raw pipes or newlines.
fn escape_cell(s: &str) -> String {
    escape_inline(s)
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// Keeps an operator's text from opening HTML tags in the rendered note.
fn escape_inline(s: &str) -> String {
    s.replace('<', "&lt;").replace('>', "&gt;")
}

/// Evidence lines in a fenced block, so log excerpts are never read as Markdown.
fn fenced(md: &mut String, lines: &[String]) {
    md.push_str("```text\n");
    for line in lines {
        let _ = writeln!(md, "{}", line.replace("```", "'''"));
    }
    md.push_str("```\n");
}
