//! Azure Resource Graph `Resources` queries over the simulated platform, with enough KQL for
//! eduops: `Resources | where … | extend … | project … | order by … | limit …`, paged with
//! `$skipToken`.
//!
//! Supported: `where` with `==`, `=~`, `!=`, `!~`, `contains`, `startswith`, `in`/`in~`,
//! joined by `and`; `project`/`extend` of fields and dotted property paths (`a = b.c`,
//! `tostring(…)`); `order by`/`sort by` one field `asc|desc`; `limit`/`take`.

use axum::http::StatusCode;
use base64::Engine;
use serde_json::{Map, Value, json};

use crate::sim::http::arm::{self, ArmError, ArmResult};
use crate::sim::http::route::Route;
use crate::sim::http::routes::containers::group_json;
use crate::sim::http::routes::cosmos::account_json;
use crate::sim::http::routes::sql::db_json;
use crate::sim::http::state::Ctx;

const MAX_TOP: usize = 1000;

pub fn handle(ctx: &Ctx<'_>) -> ArmResult {
    if !matches!(ctx.route, Route::GraphResources) {
        return Err(ArmError::not_found("NotFound", "unsupported operation"));
    }
    let body: Value = serde_json::from_slice(ctx.body)
        .map_err(|e| invalid_query(&format!("The request body is not valid JSON: {e}")))?;
    let query = body["query"]
        .as_str()
        .ok_or_else(|| invalid_query("'query' is required."))?;
    if let Some(subs) = body["subscriptions"].as_array()
        && !subs.iter().any(|s| {
            s.as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case(ctx.sub()))
        })
    {
        return Ok(arm::json_response(
            StatusCode::OK,
            &result(Vec::new(), 0, None),
            &[],
        ));
    }
    let options = &body["options"];
    let top = options["$top"]
        .as_u64()
        .map(|t| t as usize)
        .unwrap_or(ctx.page_size())
        .clamp(1, MAX_TOP);
    let mut skip = options["$skip"].as_u64().unwrap_or(0) as usize;
    if let Some(token) = options["$skipToken"].as_str() {
        skip = decode_token(token).ok_or_else(|| invalid_query("The $skipToken is not valid."))?;
    }
    let rows = run(ctx, query)?;
    let total = rows.len();
    let page: Vec<Value> = rows.into_iter().skip(skip).take(top).collect();
    let next = (skip + top < total).then(|| encode_token(skip + top));
    let mut body = result(page, total, next);
    // `resultFormat: "table"` (the older default): columns and rows instead of objects.
    if options["resultFormat"]
        .as_str()
        .is_some_and(|f| f.eq_ignore_ascii_case("table"))
    {
        body["data"] = as_table(&body["data"]);
    }
    Ok(arm::json_response(StatusCode::OK, &body, &[]))
}

/// `{"columns": [{"name", "type"}], "rows": [[…]]}` of object rows, columns in first-seen order.
fn as_table(data: &Value) -> Value {
    let rows = data.as_array().cloned().unwrap_or_default();
    let mut columns: Vec<(String, &'static str)> = Vec::new();
    for r in &rows {
        if let Some(o) = r.as_object() {
            for (k, v) in o {
                if !columns.iter().any(|(c, _)| c == k) {
                    columns.push((k.clone(), column_type(v)));
                }
            }
        }
    }
    let table_rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            Value::Array(
                columns
                    .iter()
                    .map(|(c, _)| r.get(c).cloned().unwrap_or(Value::Null))
                    .collect(),
            )
        })
        .collect();
    json!({
        "columns": columns
            .iter()
            .map(|(name, t)| json!({"name": name, "type": t}))
            .collect::<Vec<_>>(),
        "rows": table_rows,
    })
}

fn column_type(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Object(_) | Value::Array(_) | Value::Null => "object",
    }
}

fn result(data: Vec<Value>, total: usize, next: Option<String>) -> Value {
    let mut v = json!({
        "totalRecords": total,
        "count": data.len(),
        "data": data,
        "facets": [],
        "resultTruncated": "false",
    });
    if let Some(t) = next {
        v["$skipToken"] = json!(t);
    }
    v
}

fn encode_token(offset: usize) -> String {
    base64::engine::general_purpose::STANDARD.encode(json!({ "skip": offset }).to_string())
}

fn decode_token(t: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(t).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v["skip"].as_u64().map(|n| n as usize)
}

fn invalid_query(detail: &str) -> ArmError {
    ArmError::bad_request(
        "BadRequest",
        format!(
            "Please provide below info when asking for support: timestamp, correlationId. Query is invalid. {detail}"
        ),
    )
}

/// The `Resources` table: every simulated resource as ARG shows it.
fn table(ctx: &Ctx<'_>) -> Vec<Value> {
    let world = ctx.world();
    let sub = ctx.sub();
    let mut rows = Vec::new();
    let mut push = |doc: Value, rg: &str| {
        let mut row = Map::new();
        let id = doc["id"].as_str().unwrap_or_default().to_string();
        row.insert("id".into(), json!(id));
        row.insert("name".into(), doc["name"].clone());
        row.insert(
            "type".into(),
            json!(
                doc["type"]
                    .as_str()
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            ),
        );
        row.insert(
            "tenantId".into(),
            json!(crate::sim::platform::fleet::SIM_TENANT_ID),
        );
        row.insert("kind".into(), doc.get("kind").cloned().unwrap_or(json!("")));
        row.insert(
            "location".into(),
            json!(
                doc["location"]
                    .as_str()
                    .unwrap_or_default()
                    .replace(' ', "")
                    .to_ascii_lowercase()
            ),
        );
        row.insert("resourceGroup".into(), json!(rg.to_ascii_lowercase()));
        row.insert("subscriptionId".into(), json!(sub));
        row.insert("managedBy".into(), json!(""));
        row.insert("sku".into(), doc.get("sku").cloned().unwrap_or(Value::Null));
        row.insert("plan".into(), Value::Null);
        row.insert("properties".into(), doc["properties"].clone());
        row.insert("tags".into(), doc.get("tags").cloned().unwrap_or(json!({})));
        row.insert("identity".into(), Value::Null);
        row.insert(
            "zones".into(),
            doc.get("zones").cloned().unwrap_or(Value::Null),
        );
        row.insert("extendedLocation".into(), Value::Null);
        rows.push(Value::Object(row));
    };
    for (i, g) in world.groups.iter().enumerate() {
        let view = world.view(i, ctx.now);
        push(group_json(g, sub, Some(&view)), &g.resource_group);
    }
    for d in world.databases.iter().filter(|d| d.visible(ctx.now)) {
        push(db_json(d, sub, ctx.now), &d.resource_group);
    }
    for a in world.accounts.iter().filter(|a| a.visible(ctx.now)) {
        push(account_json(a, sub, ctx.now), &a.resource_group);
    }
    rows
}

fn run(ctx: &Ctx<'_>, query: &str) -> Result<Vec<Value>, ArmError> {
    let mut stages = split_pipes(query).into_iter();
    let first = stages.next().unwrap_or_default();
    if !first.trim().eq_ignore_ascii_case("resources") {
        return Err(invalid_query(&format!(
            "ParserFailure: only the 'Resources' table is available in the simulator, got '{}'.",
            first.trim()
        )));
    }
    let mut rows = table(ctx);
    for stage in stages {
        let stage = stage.trim();
        let (op, rest) = stage.split_once(char::is_whitespace).unwrap_or((stage, ""));
        let rest = rest.trim();
        match op.to_ascii_lowercase().as_str() {
            "where" => {
                let conds = parse_conditions(rest)?;
                rows.retain(|r| conds.iter().all(|c| c.holds(r)));
            }
            "project" => {
                let cols = parse_columns(rest)?;
                rows = rows
                    .into_iter()
                    .map(|r| {
                        Value::Object(
                            cols.iter()
                                .map(|(k, p)| (k.clone(), lookup(&r, p)))
                                .collect(),
                        )
                    })
                    .collect();
            }
            "extend" => {
                let cols = parse_columns(rest)?;
                for r in &mut rows {
                    let values: Vec<(String, Value)> = cols
                        .iter()
                        .map(|(k, p)| (k.clone(), lookup(r, p)))
                        .collect();
                    if let Value::Object(m) = r {
                        m.extend(values);
                    }
                }
            }
            "order" | "sort" => {
                let rest = rest
                    .strip_prefix("by")
                    .or_else(|| rest.strip_prefix("BY"))
                    .unwrap_or(rest)
                    .trim();
                let mut parts = rest.split_whitespace();
                let field = parts
                    .next()
                    .ok_or_else(|| invalid_query("order by needs a column"))?
                    .to_string();
                let desc = !parts.next().is_some_and(|d| d.eq_ignore_ascii_case("asc"));
                rows.sort_by(|a, b| {
                    let (x, y) = (text(&lookup(a, &field)), text(&lookup(b, &field)));
                    if desc { y.cmp(&x) } else { x.cmp(&y) }
                });
            }
            "limit" | "take" => {
                let n: usize = rest
                    .parse()
                    .map_err(|_| invalid_query(&format!("'{stage}': expected a number")))?;
                rows.truncate(n);
            }
            other => {
                return Err(invalid_query(&format!(
                    "ParserFailure: the operator '{other}' is not supported by the simulator (where, project, extend, order by, limit)."
                )));
            }
        }
    }
    Ok(rows)
}

/// Splits on `|` outside quotes.
fn split_pipes(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in q.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                cur.push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (None, '|') => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn lookup(row: &Value, path: &str) -> Value {
    let path = path.trim();
    let inner = ["tostring(", "tolower(", "toupper("].iter().find_map(|f| {
        path.strip_prefix(f)
            .and_then(|p| p.strip_suffix(')'))
            .map(|p| (*f, p))
    });
    if let Some((f, p)) = inner {
        let v = lookup(row, p);
        let s = text(&v);
        return match f {
            "tolower(" => json!(s.to_lowercase()),
            "toupper(" => json!(s.to_uppercase()),
            _ => json!(s),
        };
    }
    let mut cur = row;
    for part in path.split('.') {
        let part = part.trim_matches(|c| c == '[' || c == ']' || c == '\'' || c == '"');
        let next = match cur {
            Value::Object(m) => m.get(part).or_else(|| {
                m.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(part))
                    .map(|(_, v)| v)
            }),
            Value::Array(a) => part.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        };
        match next {
            Some(v) => cur = v,
            None => return Value::Null,
        }
    }
    cur.clone()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn parse_columns(s: &str) -> Result<Vec<(String, String)>, ArmError> {
    let mut out = Vec::new();
    for col in s.split(',') {
        let col = col.trim();
        if col.is_empty() {
            return Err(invalid_query("empty column in project/extend"));
        }
        match col.split_once('=') {
            Some((k, p)) => out.push((k.trim().to_string(), p.trim().to_string())),
            None => {
                let key = col.rsplit('.').next().unwrap_or(col).to_string();
                out.push((key, col.to_string()));
            }
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Eq,
    EqNoCase,
    Ne,
    NeNoCase,
    Contains,
    StartsWith,
    In(bool),
}

const OPERATORS: [(&str, Op); 8] = [
    (" in~ ", Op::In(true)),
    (" in ", Op::In(false)),
    ("=~", Op::EqNoCase),
    ("!~", Op::NeNoCase),
    ("==", Op::Eq),
    ("!=", Op::Ne),
    (" contains ", Op::Contains),
    (" startswith ", Op::StartsWith),
];

struct Cond {
    field: String,
    op: Op,
    values: Vec<String>,
}

impl Cond {
    fn holds(&self, row: &Value) -> bool {
        let actual = text(&lookup(row, &self.field));
        let v = self.values.first().map(String::as_str).unwrap_or("");
        match self.op {
            Op::Eq => actual == v,
            Op::EqNoCase => actual.eq_ignore_ascii_case(v),
            Op::Ne => actual != v,
            Op::NeNoCase => !actual.eq_ignore_ascii_case(v),
            Op::Contains => actual.to_lowercase().contains(&v.to_lowercase()),
            Op::StartsWith => actual.to_lowercase().starts_with(&v.to_lowercase()),
            Op::In(nocase) => self.values.iter().any(|x| {
                if nocase {
                    x.eq_ignore_ascii_case(&actual)
                } else {
                    *x == actual
                }
            }),
        }
    }
}

fn unquote(s: &str) -> Result<String, ArmError> {
    let s = s.trim();
    let ok = s.len() >= 2
        && ((s.starts_with('\'') && s.ends_with('\'')) || (s.starts_with('"') && s.ends_with('"')));
    if !ok {
        return Err(invalid_query(&format!(
            "expected a quoted string, got '{s}'"
        )));
    }
    Ok(s[1..s.len() - 1].to_string())
}

fn parse_conditions(s: &str) -> Result<Vec<Cond>, ArmError> {
    let mut out = Vec::new();
    for part in split_and(s) {
        let part = part.trim();
        let lower = part.to_ascii_lowercase();
        // The operator is the earliest token; values come after it.
        let found = OPERATORS
            .iter()
            .filter_map(|(tok, op)| lower.find(tok).map(|i| (i, tok.len(), *op)))
            .min_by_key(|(i, len, _)| (*i, usize::MAX - len));
        let Some((i, len, op)) = found else {
            return Err(invalid_query(&format!(
                "ParserFailure: cannot read condition '{part}'"
            )));
        };
        let field = part[..i].trim().to_string();
        let rhs = part[i + len..].trim();
        let values = if let Op::In(_) = op {
            let inner = rhs
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .ok_or_else(|| {
                    invalid_query(&format!("'in' needs a list in parentheses: '{part}'"))
                })?;
            inner
                .split(',')
                .map(unquote)
                .collect::<Result<Vec<_>, _>>()?
        } else {
            vec![unquote(rhs)?]
        };
        out.push(Cond { field, op, values });
    }
    Ok(out)
}

/// Splits on ` and ` outside quotes (case-insensitive).
fn split_and(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            None if c == '\'' || c == '"' => quote = Some(c),
            None => {
                let rest: String = chars[i..chars.len().min(i + 5)].iter().collect();
                if rest.eq_ignore_ascii_case(" and ") {
                    out.push(std::mem::take(&mut cur));
                    i += 5;
                    continue;
                }
            }
            _ => {}
        }
        cur.push(c);
        i += 1;
    }
    out.push(cur);
    out
}
