//! Following `nextLink` as given, across as many pages as a list has; each item parsed on its
//! own, so one malformed item costs that item, not the list.

use serde::de::DeserializeOwned;

use super::error::AzureError;
use super::http::Transport;
use super::models::Page;
use azure_core::http::Url;
use serde_json::value::RawValue;

/// A runaway `nextLink` chain (a service bug) must not spin forever.
const MAX_PAGES: usize = 10_000;

/// A list as read: the items that parsed, and the ones that did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub unreadable: Vec<Unreadable>,
}

/// One item of a list that did not parse: its id or name when it has one, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub item: String,
    pub error: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.item, self.error)
    }
}

impl<T> Listed<T> {
    /// The items, the unreadable ones logged (for lists whose screens have no place for them).
    pub fn logged(self, what: &str) -> Vec<T> {
        for u in &self.unreadable {
            tracing::warn!(what, item = %u.item, error = %u.error, "skipped an unreadable item");
        }
        self.items
    }
}

/// Parses each item of a page on its own.
fn parse_items<T: DeserializeOwned>(raw: Vec<Box<RawValue>>, offset: usize, out: &mut Listed<T>) {
    for (i, item) in raw.into_iter().enumerate() {
        match serde_json::from_str::<T>(item.get()) {
            Ok(v) => out.items.push(v),
            Err(e) => {
                let named: Option<Named> = serde_json::from_str(item.get()).ok();
                let item = named
                    .and_then(|n| n.name.or(n.id))
                    .unwrap_or_else(|| format!("item {}", offset + i + 1));
                out.unreadable.push(Unreadable {
                    item,
                    error: e.to_string(),
                });
            }
        }
    }
}

/// What names an item, read from any shape.
#[derive(serde::Deserialize)]
struct Named {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

impl Transport {
    /// Every item of a paged list starting at `first`.
    pub async fn get_all<T: DeserializeOwned>(
        &self,
        base: &Url,
        first: Url,
        scope: &str,
        what: &str,
    ) -> Result<Listed<T>, AzureError> {
        let mut items = Listed {
            items: Vec::new(),
            unreadable: Vec::new(),
        };
        let mut read = 0usize;
        let mut next = Some(first);
        let mut seen = std::collections::HashSet::new();
        let mut pages = 0usize;
        while let Some(url) = next.take() {
            if !seen.insert(url.to_string()) {
                return Err(AzureError::parse(
                    what,
                    "nextLink repeats a page already read",
                ));
            }
            pages += 1;
            if pages > MAX_PAGES {
                return Err(AzureError::parse(what, "more than 10000 pages"));
            }
            let page: Page<Box<RawValue>> = self.get_json(base, url, scope, what).await?;
            let n = page.value.len();
            parse_items(page.value, read, &mut items);
            read += n;
            next = match page.next_link.filter(|l| !l.is_empty()) {
                // Followed as given: it carries its own api-version and continuation token.
                Some(link) => Some(
                    Url::parse(&link)
                        .map_err(|e| AzureError::parse(what, format!("bad nextLink: {e}")))?,
                ),
                None => None,
            };
        }
        Ok(items)
    }
}
