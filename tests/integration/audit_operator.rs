//! The audit log names the operator from the Azure token's claims, never storing the token.

use base64::Engine;
use eduops::azure::{AzureClient, ClientOptions};

fn jwt(claims: &str) -> String {
    let enc = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
    format!("{}.{}.signature", enc(r#"{"alg":"RS256"}"#), enc(claims))
}

#[tokio::test]
async fn operator_comes_from_the_token_the_client_uses() {
    let token = jwt(r#"{"upn":"kim.sre@school.kr","aud":"https://management.azure.com"}"#);
    let client =
        AzureClient::new(ClientOptions::for_simulator("http://127.0.0.1:9", &token)).unwrap();
    assert_eq!(
        client.operator().await.as_deref(),
        Some("kim.sre@school.kr")
    );
    // An opaque token (the simulator's) names nobody: the caller falls back to the OS user.
    let opaque = AzureClient::new(ClientOptions::for_simulator(
        "http://127.0.0.1:9",
        "sim-abc",
    ))
    .unwrap();
    assert_eq!(opaque.operator().await, None);
}
