//! The client's HTTP behaviour against a scripted loopback endpoint: retries, throttling, 401
//! refresh, mutations sent once, long-running operations, paging, endpoint safety.

use crate::support::script_server as azure_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_support::{Reply, ScriptServer};
use eduops::azure::{
    AzureClient, AzureError, CancellationToken, ClientOptions, CredentialSource, OperationStatus,
    PollKind,
};
use eduops::config::{EnvTargets, Settings};
use eduops::model::{Env, ServiceState};

const TOKEN: &str = "tok-7c1f0e9a-not-for-logs";
const RG: &str = "/subscriptions/sub-1/resourceGroups/rg-ai-education-platform-prod";

fn targets() -> EnvTargets {
    let s = Settings {
        subscription_id: Some("sub-1".into()),
        ..Settings::default()
    };
    s.targets(Env::Prod)
}

fn group_path(name: &str) -> String {
    format!("{RG}/providers/Microsoft.ContainerInstance/containerGroups/{name}")
}

fn options(base: &str) -> ClientOptions {
    let mut o = ClientOptions::for_simulator(base, TOKEN);
    o.retry.base_delay = Duration::from_millis(10);
    o.retry.max_delay = Duration::from_millis(50);
    o.lro_poll_delay = Duration::from_millis(20);
    o.timeout = Duration::from_millis(500);
    o
}

fn client(base: &str) -> AzureClient {
    AzureClient::new(options(base)).unwrap()
}

fn group_json(name: &str, state: &str) -> String {
    format!(
        r#"{{"id":"{}","name":"{name}","location":"koreacentral","properties":{{"provisioningState":"Succeeded","containers":[{{"name":"{name}","properties":{{"image":"img","resources":{{"requests":{{"cpu":2,"memoryInGB":4}}}},"instanceView":{{"restartCount":0,"currentState":{{"state":"Running","startTime":"2026-11-27T01:00:00Z"}},"events":[]}}}}}}],"instanceView":{{"state":"{state}","events":[]}}}}}}"#,
        group_path(name)
    )
}

#[tokio::test]
async fn server_errors_on_reads_are_retried_until_success() {
    let srv = ScriptServer::start().await;
    let path = group_path("ci-gateway-prod");
    srv.on(
        "GET",
        &path,
        vec![
            Reply::json(
                500,
                r#"{"error":{"code":"InternalServerError","message":"boom"}}"#,
            ),
            Reply::json(503, "{}"),
            Reply::json(200, &group_json("ci-gateway-prod", "Running")),
        ],
    );
    let c = client(&srv.base);
    let cg = c
        .container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap();
    assert_eq!(cg.name, "ci-gateway-prod");
    assert_eq!(srv.hits("GET", &path).len(), 3);
    assert_eq!(c.stats().retries, 2);
    assert!(
        srv.log()
            .iter()
            .all(|l| l.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")[..]))
    );
}

#[tokio::test]
async fn reads_give_up_after_max_retries() {
    let srv = ScriptServer::start().await;
    let path = group_path("ci-gateway-prod");
    srv.on(
        "GET",
        &path,
        vec![Reply::json(
            500,
            r#"{"error":{"code":"InternalServerError","message":"boom"}}"#,
        )],
    );
    let c = client(&srv.base);
    let err = c
        .container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(srv.hits("GET", &path).len(), 4, "first try + 3 retries");
}

#[tokio::test]
async fn mutations_are_not_retried_on_500() {
    let srv = ScriptServer::start().await;
    let path = format!("{}/restart", group_path("ci-gateway-prod"));
    srv.on(
        "POST",
        &path,
        vec![
            Reply::json(
                500,
                r#"{"error":{"code":"InternalServerError","message":"boom"}}"#,
            ),
            Reply::empty(204),
        ],
    );
    let c = client(&srv.base);
    let err = c
        .restart_container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(srv.hits("POST", &path).len(), 1);
    assert_eq!(c.stats().mutations, 1);
    assert!(
        srv.hits("POST", &path)[0]
            .query
            .contains("api-version=2026-05-01")
    );
}

#[tokio::test]
async fn throttled_read_waits_retry_after_then_succeeds() {
    let srv = ScriptServer::start().await;
    let path = group_path("ci-gateway-prod");
    srv.on(
        "GET",
        &path,
        vec![
            Reply::json(
                429,
                r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#,
            )
            .header("Retry-After", "1"),
            Reply::json(200, &group_json("ci-gateway-prod", "Running")),
        ],
    );
    let c = client(&srv.base);
    c.container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap();
    let hits = srv.hits("GET", &path);
    assert_eq!(hits.len(), 2);
    let gap = hits[1].at - hits[0].at;
    assert!(gap >= Duration::from_millis(950), "waited only {gap:?}");
    assert!(gap < Duration::from_millis(1800), "waited {gap:?}");
    assert_eq!(c.stats().throttled, 1);
}

#[tokio::test]
async fn throttled_mutation_is_reported_not_repeated() {
    let srv = ScriptServer::start().await;
    let path = format!("{}/stop", group_path("ci-gateway-prod"));
    srv.on(
        "POST",
        &path,
        vec![Reply::json(429, "{}").header("retry-after", "7")],
    );
    let c = client(&srv.base);
    let err = c
        .stop_container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap_err();
    assert_eq!(
        err,
        AzureError::Throttled {
            retry_after: Duration::from_secs(7)
        }
    );
    assert_eq!(srv.hits("POST", &path).len(), 1);
}

#[tokio::test]
async fn malformed_json_is_a_typed_parse_error() {
    let srv = ScriptServer::start().await;
    let path = group_path("ci-gateway-prod");
    srv.on(
        "GET",
        &path,
        vec![Reply::json(200, r#"{"id": "x", "name": tru"#)],
    );
    let c = client(&srv.base);
    let err = c
        .container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap_err();
    assert!(matches!(err, AzureError::Parse { .. }), "{err:?}");
    // In a whole refresh the group shows as Unknown with the reason, and nothing panics.
    let st = c.service_statuses(&targets()).await.unwrap();
    assert_eq!(st[0].state, ServiceState::Unknown);
    let reason = st[0].reason.clone().unwrap_or_default();
    assert!(
        reason.contains("unexpected response for container group"),
        "{reason}"
    );
    assert!(
        st[1]
            .reason
            .clone()
            .unwrap_or_default()
            .contains("not found")
    );
}

#[derive(Debug)]
struct CountingCredential {
    calls: AtomicU32,
}

#[async_trait::async_trait]
impl TokenCredential for CountingCredential {
    async fn get_token(
        &self,
        _scopes: &[&str],
        _o: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(AccessToken::new(
            format!("{TOKEN}-{n}"),
            azure_core::time::OffsetDateTime::now_utc() + azure_core::time::Duration::hours(1),
        ))
    }
}

#[tokio::test]
async fn unauthorized_refreshes_the_token_once_then_retries() {
    let srv = ScriptServer::start().await;
    let path = group_path("ci-gateway-prod");
    srv.on(
        "GET",
        &path,
        vec![
            Reply::json(
                401,
                r#"{"error":{"code":"ExpiredAuthenticationToken","message":"expired"}}"#,
            ),
            Reply::json(200, &group_json("ci-gateway-prod", "Running")),
        ],
    );
    let cred = Arc::new(CountingCredential {
        calls: AtomicU32::new(0),
    });
    let mut o = options(&srv.base);
    o.credential = CredentialSource::Credential {
        credential: cred.clone(),
        label: "test identity".into(),
    };
    let c = AzureClient::new(o).unwrap();
    c.container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap();
    let hits = srv.hits("GET", &path);
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[0].authorization.as_deref(),
        Some(&format!("Bearer {TOKEN}-0")[..])
    );
    assert_eq!(
        hits[1].authorization.as_deref(),
        Some(&format!("Bearer {TOKEN}-1")[..])
    );
    assert_eq!(cred.calls.load(Ordering::SeqCst), 2);
    assert_eq!(c.stats().token_refreshes, 1);
    assert_eq!(c.identity(), "test identity");

    // A second 401 with a fresh token is an authentication error, not a loop.
    srv.on(
        "GET",
        &path,
        vec![Reply::json(
            401,
            r#"{"error":{"code":"InvalidAuthenticationToken","message":"no"}}"#,
        )],
    );
    let err = c
        .container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap_err();
    assert!(matches!(err, AzureError::Auth(_)), "{err:?}");
    assert_eq!(srv.hits("GET", &path).len(), 4);
}

#[tokio::test]
async fn long_running_start_polled_to_success_and_to_failure() {
    let srv = ScriptServer::start().await;
    let start = format!("{}/start", group_path("ci-gateway-prod"));
    let op = "/subscriptions/sub-1/providers/Microsoft.ContainerInstance/locations/koreacentral/operations/op1";
    srv.on(
        "POST",
        &start,
        vec![
            Reply::empty(202)
                .header(
                    "Azure-AsyncOperation",
                    &format!("{{base}}{op}?api-version=2026-05-01"),
                )
                .header("Retry-After", "0"),
        ],
    );
    srv.on(
        "GET",
        op,
        vec![
            Reply::json(200, r#"{"status":"InProgress"}"#),
            Reply::json(200, r#"{"status":"InProgress"}"#),
            Reply::json(200, r#"{"status":"Succeeded"}"#),
        ],
    );
    let c = client(&srv.base);
    let m = c
        .start_container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap();
    assert_eq!(m.status, 202);
    let pending = m.operation.clone().unwrap();
    assert_eq!(pending.kind, PollKind::AsyncOperation);
    let status = c
        .wait_operation(&m, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(status, OperationStatus::Succeeded);
    assert_eq!(srv.hits("GET", op).len(), 3);

    srv.on(
        "GET",
        op,
        vec![
            Reply::json(200, r#"{"status":"InProgress"}"#),
            Reply::json(200, r#"{"status":"Failed","error":{"code":"ContainerGroupQuotaReached","message":"quota"}}"#),
        ],
    );
    let status = c
        .wait_operation(&m, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(
        status,
        OperationStatus::Failed {
            code: "ContainerGroupQuotaReached".into(),
            message: "quota".into()
        }
    );
}

#[tokio::test]
async fn location_polling_and_cancellation() {
    let srv = ScriptServer::start().await;
    let db = format!(
        "{RG}/providers/Microsoft.Sql/servers/sql-ai-education-platform-prod/databases/restored1"
    );
    let loc =
        "/subscriptions/sub-1/providers/Microsoft.Sql/locations/koreacentral/operationResults/r1";
    srv.on(
        "PUT",
        &db,
        vec![
            Reply::empty(202)
                .header("location", &format!("{{base}}{loc}"))
                .header("retry-after", "0"),
        ],
    );
    srv.on(
        "GET",
        loc,
        vec![
            Reply::empty(202).header("Retry-After", "0"),
            Reply::json(200, "{}"),
        ],
    );
    let c = client(&srv.base);
    let t = targets();
    let m = c
        .restore_sql_database(
            &t,
            "restored1",
            chrono::Utc::now() - chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    assert_eq!(m.operation.as_ref().unwrap().kind, PollKind::Location);
    let put = &srv.hits("PUT", &db)[0];
    let body: serde_json::Value = serde_json::from_str(&put.body).unwrap();
    assert_eq!(body["properties"]["createMode"], "PointInTimeRestore");
    assert_eq!(body["properties"]["sourceDatabaseId"], t.sql_database_id());
    assert_eq!(
        c.wait_operation(&m, CancellationToken::new())
            .await
            .unwrap(),
        OperationStatus::Succeeded
    );

    // An operation that never ends stops when cancelled.
    srv.on("GET", loc, vec![Reply::empty(202)]);
    let cancel = CancellationToken::new();
    let c2 = c.clone();
    let m2 = m.clone();
    let token = cancel.clone();
    let task = tokio::spawn(async move { c2.wait_operation(&m2, token).await });
    tokio::time::sleep(Duration::from_millis(150)).await;
    cancel.cancel();
    let r = tokio::time::timeout(Duration::from_secs(60), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r, Err(AzureError::Cancelled));
}

#[tokio::test]
async fn restore_refuses_the_source_name() {
    let c = client("http://127.0.0.1:9");
    let t = targets();
    let err = c
        .restore_sql_database(&t, &t.sql_database, chrono::Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, AzureError::Invalid(_)), "{err:?}");
    assert_eq!(c.stats().requests, 0);
}

#[tokio::test]
async fn paging_follows_next_link_as_given() {
    let srv = ScriptServer::start().await;
    let path = "/subscriptions/sub-1/providers/Microsoft.AlertsManagement/alerts";
    let alert = |id: &str| {
        format!(
            r#"{{"id":"{RG}/providers/Microsoft.AlertsManagement/alerts/{id}","name":"high-cpu-usage","properties":{{"essentials":{{"severity":"Sev2","alertState":"New","monitorCondition":"Fired","targetResource":"{}","targetResourceGroup":"rg-ai-education-platform-prod","startDateTime":"2026-11-27T01:0{id}:00Z"}}}}}}"#,
            group_path("ci-gateway-prod")
        )
    };
    let page2 = "/subscriptions/sub-1/providers/Microsoft.AlertsManagement/alerts/page2";
    let page3 = "/next/page3";
    srv.on("GET", path, vec![Reply::json(200, &format!(r#"{{"value":[{}],"nextLink":"{{base}}{page2}?api-version=2019-03-01&ctoken=a%2Bb%3D%3D"}}"#, alert("1")))]);
    srv.on(
        "GET",
        page2,
        vec![Reply::json(
            200,
            &format!(
                r#"{{"value":[{}],"nextLink":"{{base}}{page3}?$skiptoken=xyz"}}"#,
                alert("2")
            ),
        )],
    );
    srv.on(
        "GET",
        page3,
        vec![Reply::json(
            200,
            &format!(r#"{{"value":[{}]}}"#, alert("3")),
        )],
    );
    let c = client(&srv.base);
    let alerts = c.alerts(&targets()).await.unwrap();
    assert_eq!(alerts.len(), 3);
    assert!(
        alerts
            .iter()
            .all(|a| a.target_service.as_deref() == Some("gateway"))
    );
    assert_eq!(
        srv.hits("GET", page2)[0].query,
        "api-version=2019-03-01&ctoken=a%2Bb%3D%3D"
    );
    assert_eq!(srv.hits("GET", page3)[0].query, "$skiptoken=xyz");
}

#[tokio::test]
async fn next_link_to_another_host_gets_no_token() {
    let srv = ScriptServer::start().await;
    let other = ScriptServer::start().await;
    let path = "/subscriptions/sub-1/providers/Microsoft.AlertsManagement/alerts";
    srv.on(
        "GET",
        path,
        vec![Reply::json(
            200,
            &format!(r#"{{"value":[],"nextLink":"{}/steal"}}"#, other.base),
        )],
    );
    let c = client(&srv.base);
    let err = c.alerts(&targets()).await.unwrap_err();
    assert!(matches!(err, AzureError::Invalid(_)), "{err:?}");
    assert!(other.log().is_empty());
}

#[tokio::test]
async fn plain_http_off_loopback_is_refused() {
    for url in [
        "http://10.0.0.4:8080",
        "http://management.azure.com",
        "http://[::ffff:10.0.0.1]",
    ] {
        let err = AzureClient::new(ClientOptions::for_simulator(url, TOKEN)).unwrap_err();
        assert!(
            matches!(err, AzureError::InsecureEndpoint(_)),
            "{url}: {err:?}"
        );
        assert!(!err.to_string().contains(TOKEN));
    }
    let mut o = options("http://127.0.0.1:9");
    o.key_vault_url = "http://{vault}.vault.example.com".into();
    assert!(matches!(
        AzureClient::new(o),
        Err(AzureError::InsecureEndpoint(_))
    ));
}

#[tokio::test]
async fn slow_answers_time_out_and_reads_retry() {
    let srv = ScriptServer::start().await;
    let path = group_path("ci-gateway-prod");
    srv.on(
        "GET",
        &path,
        vec![
            Reply::json(200, &group_json("ci-gateway-prod", "Running"))
                .delayed(Duration::from_secs(2)),
            Reply::json(200, &group_json("ci-gateway-prod", "Running")),
        ],
    );
    let c = client(&srv.base);
    // The 2 s answer was not waited for: the attempt timed out and the retry answered.
    c.container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap();
    assert_eq!(srv.hits("GET", &path).len(), 2);
    assert_eq!(c.stats().retries, 1);

    srv.on(
        "GET",
        &path,
        vec![Reply::json(200, "{}").delayed(Duration::from_secs(2))],
    );
    let mut o = options(&srv.base);
    o.retry.max_retries = 1;
    let c = AzureClient::new(o).unwrap();
    let err = c
        .container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap_err();
    assert_eq!(err, AzureError::Timeout);
}

#[tokio::test]
async fn connection_refused_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let c = client(&format!("http://127.0.0.1:{port}"));
    let err = c
        .container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap_err();
    assert!(matches!(err, AzureError::Network(_)), "{err:?}");
}

#[tokio::test]
async fn remaining_reads_are_tracked_and_slow_polling() {
    let srv = ScriptServer::start().await;
    let path = group_path("ci-gateway-prod");
    srv.on(
        "GET",
        &path,
        vec![
            Reply::json(200, &group_json("ci-gateway-prod", "Running"))
                .header("x-ms-ratelimit-remaining-subscription-reads", "80"),
        ],
    );
    let c = client(&srv.base);
    assert_eq!(
        c.poll_interval(Duration::from_secs(10)),
        Duration::from_secs(10)
    );
    c.container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap();
    assert_eq!(c.stats().ratelimit_remaining_reads, Some(80));
    assert_eq!(
        c.poll_interval(Duration::from_secs(10)),
        Duration::from_secs(40)
    );
}

#[tokio::test]
async fn forbidden_names_the_missing_permission() {
    let srv = ScriptServer::start().await;
    let path = format!("{}/restart", group_path("ci-gateway-prod"));
    let msg = format!(
        "The client 'sre@contoso.com' with object id '1' does not have authorization to perform action 'Microsoft.ContainerInstance/containerGroups/restart/action' over scope '{}' or the scope is invalid.",
        group_path("ci-gateway-prod")
    );
    srv.on(
        "POST",
        &path,
        vec![
            Reply::json(
                403,
                &serde_json::json!({"error": {"code": "AuthorizationFailed", "message": msg}})
                    .to_string(),
            )
            .header("x-ms-request-id", "req-42"),
        ],
    );
    let c = client(&srv.base);
    let err = c
        .restart_container_group(&targets(), "ci-gateway-prod")
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("restart/action") && text.contains("`ci-gateway-prod`"),
        "{text}"
    );
    assert!(text.contains("req-42"), "{text}");
    assert_eq!(srv.hits("POST", &path).len(), 1);
}

#[tokio::test]
async fn service_statuses_fetch_every_group_and_keep_order() {
    let srv = ScriptServer::start().await;
    let t = targets();
    for (i, (_, cg)) in t.services.iter().enumerate() {
        let state = if i == 2 { "Stopped" } else { "Running" };
        srv.on(
            "GET",
            &group_path(cg),
            vec![Reply::json(200, &group_json(cg, state))],
        );
    }
    let c = client(&srv.base);
    let st = c.service_statuses(&t).await.unwrap();
    assert_eq!(st.len(), 6);
    assert_eq!(st[0].service, "gateway");
    assert_eq!(st[2].state, ServiceState::Stopped);
    assert_eq!(st[0].state, ServiceState::Running);
    assert_eq!(st[0].cpu_request_cores, 2.0);
    assert_eq!(c.stats().requests, 6);
}

#[tokio::test]
async fn no_subscription_is_a_clear_error_before_any_request() {
    let srv = ScriptServer::start().await;
    let c = client(&srv.base);
    let t = Settings::default().targets(Env::Prod);
    let errors = [
        c.service_statuses(&t).await.unwrap_err(),
        c.usage(
            &t,
            chrono::Duration::hours(1),
            eduops::azure::MetricInterval::OneMinute,
        )
        .await
        .unwrap_err(),
        c.alerts(&t).await.unwrap_err(),
        c.sql_backup_status(&t).await.unwrap_err(),
        c.restart_container_group(&t, "ci-gateway-prod")
            .await
            .unwrap_err(),
    ];
    for e in errors {
        assert!(e.to_string().contains("--subscription"), "{e}");
    }
    assert!(srv.log().is_empty());
}
