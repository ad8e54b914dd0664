//! Azure client: credentials, resilient HTTP, typed models, operations.
