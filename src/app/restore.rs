//! The restore form (Backups pane, `R`): restore point and target name, validated before the
//! request can even reach the safety gate.

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, TimeZone, Utc};

use crate::mutation::{ChecklistItemRef, MutationRequest, Operation};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreKind {
    Sql,
    Cosmos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreField {
    Point,
    Target,
    Cancel,
    Review,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RestoreForm {
    pub kind: RestoreKind,
    /// Source database or account name, and its resource id.
    pub source: String,
    pub source_id: String,
    /// Oldest point the source can be restored to, as Azure reported it.
    pub earliest: Option<DateTime<Utc>>,
    pub point_input: String,
    pub target_input: String,
    pub field: RestoreField,
    /// Names known to exist already (the source, restores started this session).
    pub taken: Vec<String>,
    /// The checklist item that opened the form (the DR test), to record the outcome there.
    pub origin: Option<ChecklistItemRef>,
}

impl RestoreForm {
    pub fn new(
        kind: RestoreKind,
        source: String,
        source_id: String,
        earliest: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        tz: FixedOffset,
    ) -> RestoreForm {
        let stamp = now.with_timezone(&tz);
        let target_input = match kind {
            RestoreKind::Sql => format!("sqldb-education-restored-{}", stamp.format("%Y%m%d-%H%M")),
            RestoreKind::Cosmos => {
                let mut n = format!("{source}-r{}", stamp.format("%m%d%H%M"));
                n.truncate(44);
                n
            }
        };
        RestoreForm {
            kind,
            taken: vec![source.clone()],
            source,
            source_id,
            earliest,
            point_input: "-10m".into(),
            target_input,
            field: RestoreField::Point,
            origin: None,
        }
    }

    pub fn move_focus(&mut self, forward: bool) {
        use RestoreField::*;
        let order = [Point, Target, Cancel, Review];
        let i = order.iter().position(|f| *f == self.field).unwrap_or(0);
        self.field = order[if forward { (i + 1) % 4 } else { (i + 3) % 4 }];
    }

    /// The restore point, or why it is not acceptable.
    pub fn point(&self, now: DateTime<Utc>, tz: FixedOffset) -> Result<DateTime<Utc>, String> {
        let p = parse_point(&self.point_input, now, tz)?;
        if p > now {
            return Err("the restore point is in the future".into());
        }
        match self.earliest {
            Some(e) if p < e => Err(format!(
                "the restore point is before the earliest restore point {} UTC",
                e.format("%Y-%m-%d %H:%M:%S")
            )),
            None => Err("the earliest restore point is not known yet (backups not loaded)".into()),
            _ => Ok(p),
        }
    }

    pub fn target(&self) -> Result<String, String> {
        let name = self.target_input.trim().to_string();
        if self.taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
            return Err(if name.eq_ignore_ascii_case(&self.source) {
                "the target must differ from the source: a restore never overwrites it".into()
            } else {
                format!("`{name}` is already taken")
            });
        }
        match self.kind {
            RestoreKind::Sql => {
                if name.is_empty() || name.len() > 128 {
                    return Err("a database name has 1 to 128 characters".into());
                }
                if name.ends_with('.') || name.ends_with(' ') {
                    return Err("a database name cannot end with `.` or a space".into());
                }
                if let Some(c) = name
                    .chars()
                    .find(|c| "<>*%&:\\/?".contains(*c) || c.is_control())
                {
                    return Err(format!("`{c}` is not allowed in a database name"));
                }
            }
            RestoreKind::Cosmos => {
                if !(3..=44).contains(&name.len()) {
                    return Err("an account name has 3 to 44 characters".into());
                }
                if !name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    || name.starts_with('-')
                    || name.ends_with('-')
                {
                    return Err(
                        "an account name uses lowercase letters, digits and inner hyphens only"
                            .into(),
                    );
                }
            }
        }
        Ok(name)
    }

    /// The request to put through the gate, once everything is valid.
    pub fn build(
        &self,
        now: DateTime<Utc>,
        tz: FixedOffset,
    ) -> Result<(Operation, String, String), String> {
        let point = self.point(now, tz)?;
        let target = self.target()?;
        let op = match self.kind {
            RestoreKind::Sql => Operation::RestoreSql {
                source_database: self.source.clone(),
                target_database: target.clone(),
                restore_point: point,
            },
            RestoreKind::Cosmos => Operation::RestoreCosmos {
                source_account: self.source.clone(),
                target_account: target.clone(),
                restore_point: point,
            },
        };
        Ok((op, target, self.source_id.clone()))
    }
}

/// `-10m`, `-2h`, `-1d`, `-90s`, RFC 3339 (`2026-11-27T01:00:00Z`), or local
/// `YYYY-MM-DD HH:MM[:SS]`.
pub fn parse_point(
    input: &str,
    now: DateTime<Utc>,
    tz: FixedOffset,
) -> Result<DateTime<Utc>, String> {
    let s = input.trim();
    if let Some(rel) = s.strip_prefix('-') {
        let (num, unit) =
            rel.split_at(rel.find(|c: char| !c.is_ascii_digit()).unwrap_or(rel.len()));
        let n: i64 = num
            .parse()
            .map_err(|_| format!("`{s}`: expected a number after `-`, e.g. -10m, -2h"))?;
        // Checked arithmetic: whatever is typed, the form says "too far back", never panics.
        let too_far = || format!("`{s}` is too far back");
        let d = match unit {
            "s" => Duration::try_seconds(n),
            "m" | "min" => Duration::try_minutes(n),
            "h" => Duration::try_hours(n),
            "d" => Duration::try_days(n),
            _ => return Err(format!("`{s}`: unit must be s, m, h or d")),
        }
        .ok_or_else(too_far)?;
        return now.checked_sub_signed(d).ok_or_else(too_far);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return tz
                .from_local_datetime(&n)
                .single()
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| format!("`{s}` is not a valid local time"));
        }
    }
    Err(format!(
        "`{s}`: expected a relative time (-10m, -2h, -1d), an ISO time (2026-11-27T01:00:00Z) or local YYYY-MM-DD HH:MM"
    ))
}

/// A restore started this session, shown in the Backups pane until it ends.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreProgress {
    pub request_id: u64,
    pub target: String,
    pub op: String,
    pub started: DateTime<Utc>,
    pub status: String,
    pub done: Option<Result<String, String>>,
    pub finished: Option<DateTime<Utc>>,
}

impl RestoreProgress {
    pub fn new(request: &MutationRequest, target: &str, now: DateTime<Utc>) -> RestoreProgress {
        RestoreProgress {
            request_id: request.id,
            target: target.to_string(),
            op: request.op.name().to_string(),
            started: now,
            status: "sending".into(),
            done: None,
            finished: None,
        }
    }
}

impl super::App {
    /// `R`: the form for the selected backup row (SQL or Cosmos DB). `origin` is the checklist
    /// item that asked for it, if any.
    pub(super) fn open_restore_form(&mut self, origin: Option<ChecklistItemRef>) {
        use super::{Overlay, Pane, ToastLevel};
        if self.focus != Pane::Backups {
            self.toast(ToastLevel::Info, "restores start from the Backups pane (4)");
            return;
        }
        let b = self.backups.data.clone().unwrap_or_default();
        let form = if self.selected_backup == 0 {
            let earliest = b
                .sql
                .as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|s| s.earliest_restore);
            RestoreForm::new(
                RestoreKind::Sql,
                self.targets.sql_database.clone(),
                self.targets.sql_database_id(),
                earliest,
                self.now,
                self.tz,
            )
        } else {
            let earliest = b
                .cosmos
                .as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|c| c.earliest_restorable);
            RestoreForm::new(
                RestoreKind::Cosmos,
                self.targets.cosmos_account.clone(),
                self.targets.cosmos_account_id(),
                earliest,
                self.now,
                self.tz,
            )
        };
        let mut form = form;
        form.taken
            .extend(self.restores.iter().map(|r| r.target.clone()));
        form.origin = origin;
        self.overlay = Some(Overlay::Restore(form));
    }

    pub(super) fn on_restore_key(
        &mut self,
        key: &crossterm::event::KeyEvent,
    ) -> Vec<super::Effect> {
        use crossterm::event::{KeyCode, KeyModifiers};
        let (now, tz) = (self.now, self.tz);
        let Some(super::Overlay::Restore(form)) = &mut self.overlay else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => self.overlay = None,
            KeyCode::Tab | KeyCode::Down => form.move_focus(true),
            KeyCode::BackTab | KeyCode::Up => form.move_focus(false),
            KeyCode::Enter => match form.field {
                RestoreField::Point | RestoreField::Target => form.move_focus(true),
                RestoreField::Cancel => self.overlay = None,
                RestoreField::Review => {
                    if let Ok((op, target, source_id)) = form.build(now, tz) {
                        let origin = form.origin.take();
                        self.overlay = None;
                        return self.request_mutation(op, target, source_id, origin);
                    }
                }
            },
            KeyCode::Backspace => {
                match form.field {
                    RestoreField::Point => form.point_input.pop(),
                    RestoreField::Target => form.target_input.pop(),
                    _ => None,
                };
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                match form.field {
                    RestoreField::Point if form.point_input.len() < 40 => form.point_input.push(c),
                    RestoreField::Target if form.target_input.len() < 128 => {
                        form.target_input.push(c)
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 1, 30, 0).unwrap()
    }

    fn kst() -> FixedOffset {
        FixedOffset::east_opt(9 * 3600).unwrap()
    }

    #[test]
    fn parses_relative_iso_and_local() {
        assert_eq!(
            parse_point("-2h", now(), kst()).unwrap(),
            now() - Duration::hours(2)
        );
        assert_eq!(
            parse_point("2026-11-27T00:00:00Z", now(), kst()).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap()
        );
        // 09:00 KST is 00:00 UTC.
        assert_eq!(
            parse_point("2026-11-27 09:00", now(), kst()).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap()
        );
        assert!(parse_point("-2x", now(), kst()).is_err());
        assert!(parse_point("yesterday", now(), kst()).is_err());
        // Absurd numbers are errors, not panics (the form evaluates on every frame).
        assert!(parse_point("-999999999d", now(), kst()).is_err());
        assert!(parse_point("-99999999999999999s", now(), kst()).is_err());
        assert!(parse_point("-99999999999999999999999d", now(), kst()).is_err());
    }

    #[test]
    fn window_and_names_are_enforced() {
        let mut f = RestoreForm::new(
            RestoreKind::Sql,
            "sqldb-education-prod".into(),
            "/id".into(),
            Some(now() - Duration::days(7)),
            now(),
            kst(),
        );
        assert_eq!(f.target_input, "sqldb-education-restored-20261127-1030");
        assert!(f.build(now(), kst()).is_ok());
        f.point_input = "-8d".into();
        assert!(f.point(now(), kst()).unwrap_err().contains("earliest"));
        f.point_input = "-1h".into();
        f.target_input = "sqldb-education-prod".into();
        assert!(f.target().unwrap_err().contains("differ from the source"));
        f.target_input = "bad/name".into();
        assert!(f.target().is_err());
    }
}
