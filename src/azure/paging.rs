//! Following `nextLink` as given, across as many pages as a list has.

use serde::de::DeserializeOwned;

use super::error::AzureError;
use super::http::Transport;
use super::models::Page;
use azure_core::http::Url;

/// A runaway `nextLink` chain (a service bug) must not spin forever.
const MAX_PAGES: usize = 10_000;

impl Transport {
    /// Every item of a paged list starting at `first`.
    pub async fn get_all<T: DeserializeOwned>(
        &self,
        base: &Url,
        first: Url,
        scope: &str,
        what: &str,
    ) -> Result<Vec<T>, AzureError> {
        let mut items = Vec::new();
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
            let page: Page<T> = self.get_json(base, url, scope, what).await?;
            items.extend(page.value);
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
