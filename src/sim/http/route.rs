//! Which Azure operation a request is, from its method and path (matched without case, as ARM
//! does): the [`Route`] every other part of the HTTP side speaks of.

use axum::http::Method;

pub use super::versions::*;

/// A recognised request. Names are as they appear in the path (original case).
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    SubscriptionsList,
    CgListBySubscription,
    CgListByResourceGroup {
        rg: String,
    },
    CgGet {
        rg: String,
        name: String,
    },
    CgRestart {
        rg: String,
        name: String,
    },
    CgStart {
        rg: String,
        name: String,
    },
    CgStop {
        rg: String,
        name: String,
    },
    CgLogs {
        rg: String,
        name: String,
        container: String,
    },
    CgOperation {
        id: String,
    },
    Metrics {
        resource: String,
    },
    MetricsBatch,
    AlertsList,
    AlertGet {
        id: String,
    },
    AlertChangeState {
        id: String,
    },
    MetricAlertsList {
        rg: Option<String>,
    },
    MetricAlertGet {
        rg: String,
        name: String,
    },
    MetricAlertStatus {
        rg: String,
        name: String,
    },
    SqlServerGet {
        rg: String,
        server: String,
    },
    SqlDbGet {
        rg: String,
        server: String,
        db: String,
    },
    SqlDbPut {
        rg: String,
        server: String,
        db: String,
    },
    SqlLtrByDatabase {
        server: String,
        db: String,
    },
    SqlLtrByServer {
        server: String,
    },
    SqlOperation {
        id: String,
    },
    SqlOperationResult {
        id: String,
    },
    CosmosGet {
        rg: String,
        name: String,
    },
    CosmosPut {
        rg: String,
        name: String,
    },
    CosmosRestorableList,
    CosmosOperation {
        id: String,
    },
    GraphResources,
    VaultSecrets {
        vault: String,
    },
}

impl Route {
    /// Azure's operationId, the key of `/_sim/stats` counts and of fault rules.
    pub fn operation(&self) -> &'static str {
        match self {
            Route::SubscriptionsList => "Subscriptions_List",
            Route::CgListBySubscription => "ContainerGroups_List",
            Route::CgListByResourceGroup { .. } => "ContainerGroups_ListByResourceGroup",
            Route::CgGet { .. } => "ContainerGroups_Get",
            Route::CgRestart { .. } => "ContainerGroups_Restart",
            Route::CgStart { .. } => "ContainerGroups_Start",
            Route::CgStop { .. } => "ContainerGroups_Stop",
            Route::CgLogs { .. } => "Containers_ListLogs",
            Route::CgOperation { .. } => "ContainerGroups_OperationStatus",
            Route::Metrics { .. } => "Metrics_List",
            Route::MetricsBatch => "MetricsBatch_Batch",
            Route::AlertsList => "Alerts_GetAll",
            Route::AlertGet { .. } => "Alerts_GetById",
            Route::AlertChangeState { .. } => "Alerts_ChangeState",
            Route::MetricAlertsList { rg: Some(_) } => "MetricAlerts_ListByResourceGroup",
            Route::MetricAlertsList { rg: None } => "MetricAlerts_ListBySubscription",
            Route::MetricAlertGet { .. } => "MetricAlerts_Get",
            Route::MetricAlertStatus { .. } => "MetricAlertsStatus_List",
            Route::SqlServerGet { .. } => "Servers_Get",
            Route::SqlDbGet { .. } => "Databases_Get",
            Route::SqlDbPut { .. } => "Databases_CreateOrUpdate",
            Route::SqlLtrByDatabase { .. } => "LongTermRetentionBackups_ListByDatabase",
            Route::SqlLtrByServer { .. } => "LongTermRetentionBackups_ListByServer",
            Route::SqlOperation { .. } => "Databases_AzureAsyncOperation",
            Route::SqlOperationResult { .. } => "Databases_OperationResult",
            Route::CosmosGet { .. } => "DatabaseAccounts_Get",
            Route::CosmosPut { .. } => "DatabaseAccounts_CreateOrUpdate",
            Route::CosmosRestorableList => "RestorableDatabaseAccounts_List",
            Route::CosmosOperation { .. } => "DatabaseAccounts_OperationStatus",
            Route::GraphResources => "Resources",
            Route::VaultSecrets { .. } => "GetSecrets",
        }
    }

    pub fn is_mutating(&self) -> bool {
        matches!(
            self,
            Route::CgRestart { .. }
                | Route::CgStart { .. }
                | Route::CgStop { .. }
                | Route::AlertChangeState { .. }
                | Route::SqlDbPut { .. }
                | Route::CosmosPut { .. }
        )
    }

    pub fn api_versions(&self) -> (&'static [&'static str], &'static str) {
        match self {
            Route::SubscriptionsList => (SUBSCRIPTIONS_VERSIONS, "subscriptions"),
            Route::CgListBySubscription
            | Route::CgListByResourceGroup { .. }
            | Route::CgGet { .. }
            | Route::CgRestart { .. }
            | Route::CgStart { .. }
            | Route::CgStop { .. }
            | Route::CgLogs { .. }
            | Route::CgOperation { .. } => (ACI_VERSIONS, "containerGroups"),
            Route::Metrics { .. } => (METRICS_VERSIONS, "metrics"),
            Route::MetricsBatch => (BATCH_VERSIONS, "metrics:getBatch"),
            Route::AlertsList | Route::AlertGet { .. } | Route::AlertChangeState { .. } => {
                (ALERTS_VERSIONS, "alerts")
            }
            Route::MetricAlertsList { .. }
            | Route::MetricAlertGet { .. }
            | Route::MetricAlertStatus { .. } => (METRIC_ALERTS_VERSIONS, "metricAlerts"),
            Route::SqlServerGet { .. } => (SQL_VERSIONS, "servers"),
            Route::SqlDbGet { .. }
            | Route::SqlDbPut { .. }
            | Route::SqlLtrByDatabase { .. }
            | Route::SqlLtrByServer { .. }
            | Route::SqlOperation { .. }
            | Route::SqlOperationResult { .. } => (SQL_VERSIONS, "servers/databases"),
            Route::CosmosGet { .. }
            | Route::CosmosPut { .. }
            | Route::CosmosRestorableList
            | Route::CosmosOperation { .. } => (COSMOS_VERSIONS, "databaseAccounts"),
            Route::GraphResources => (GRAPH_VERSIONS, "resources"),
            Route::VaultSecrets { .. } => (VAULT_VERSIONS, "secrets"),
        }
    }

    /// The resource group in the path, for routes under one.
    pub fn resource_group(&self) -> Option<&str> {
        match self {
            Route::CgListByResourceGroup { rg }
            | Route::CgGet { rg, .. }
            | Route::CgRestart { rg, .. }
            | Route::CgStart { rg, .. }
            | Route::CgStop { rg, .. }
            | Route::CgLogs { rg, .. }
            | Route::MetricAlertsList { rg: Some(rg) }
            | Route::MetricAlertGet { rg, .. }
            | Route::MetricAlertStatus { rg, .. }
            | Route::SqlServerGet { rg, .. }
            | Route::SqlDbGet { rg, .. }
            | Route::SqlDbPut { rg, .. }
            | Route::CosmosGet { rg, .. }
            | Route::CosmosPut { rg, .. } => Some(rg),
            _ => None,
        }
    }

    pub fn is_vault(&self) -> bool {
        matches!(self, Route::VaultSecrets { .. })
    }
}

/// The route of a request and the subscription in its path (if any). `segs` are the decoded
/// path segments; matching ignores case.
pub fn parse(method: &Method, segs: &[String]) -> Option<(Route, Option<String>)> {
    let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let o = |i: usize| segs[i].clone();
    let get = method == Method::GET;
    let post = method == Method::POST;
    let put = method == Method::PUT;
    let sub = if l.first() == Some(&"subscriptions") && l.len() > 1 {
        Some(o(1))
    } else {
        None
    };
    let route = match l.as_slice() {
        ["subscriptions"] if get => Route::SubscriptionsList,
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.containerinstance",
            "containergroups",
        ] if get => Route::CgListBySubscription,
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.containerinstance",
            "containergroups",
        ] if get => Route::CgListByResourceGroup { rg: o(3) },
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.containerinstance",
            "containergroups",
            _,
        ] if get => Route::CgGet {
            rg: o(3),
            name: o(7),
        },
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.containerinstance",
            "containergroups",
            _,
            action,
        ] if post => {
            let (rg, name) = (o(3), o(7));
            match *action {
                "restart" => Route::CgRestart { rg, name },
                "start" => Route::CgStart { rg, name },
                "stop" => Route::CgStop { rg, name },
                _ => return None,
            }
        }
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.containerinstance",
            "containergroups",
            _,
            "containers",
            _,
            "logs",
        ] if get => Route::CgLogs {
            rg: o(3),
            name: o(7),
            container: o(9),
        },
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.containerinstance",
            "locations",
            _,
            "operations",
            _,
        ] if get => Route::CgOperation { id: o(9) },
        [.., "providers", "microsoft.insights", "metrics"] if get && l.len() > 3 => {
            Route::Metrics {
                resource: format!("/{}", segs[..segs.len() - 3].join("/")),
            }
        }
        ["subscriptions", _, "metrics:getbatch"] if post => Route::MetricsBatch,
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.alertsmanagement",
            "alerts",
        ] if get => Route::AlertsList,
        [.., "providers", "microsoft.alertsmanagement", "alerts", _] if get => {
            Route::AlertGet { id: o(l.len() - 1) }
        }
        [
            ..,
            "providers",
            "microsoft.alertsmanagement",
            "alerts",
            _,
            "changestate",
        ] if post => Route::AlertChangeState { id: o(l.len() - 2) },
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.insights",
            "metricalerts",
        ] if get => Route::MetricAlertsList { rg: None },
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.insights",
            "metricalerts",
        ] if get => Route::MetricAlertsList { rg: Some(o(3)) },
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.insights",
            "metricalerts",
            _,
        ] if get => Route::MetricAlertGet {
            rg: o(3),
            name: o(7),
        },
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.insights",
            "metricalerts",
            _,
            "status",
        ] if get => Route::MetricAlertStatus {
            rg: o(3),
            name: o(7),
        },
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.sql",
            "servers",
            _,
        ] if get => Route::SqlServerGet {
            rg: o(3),
            server: o(7),
        },
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.sql",
            "servers",
            _,
            "databases",
            _,
        ] if get || put => {
            let (rg, server, db) = (o(3), o(7), o(9));
            if get {
                Route::SqlDbGet { rg, server, db }
            } else {
                Route::SqlDbPut { rg, server, db }
            }
        }
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.sql",
            "locations",
            _,
            "longtermretentionservers",
            _,
            "longtermretentiondatabases",
            _,
            "longtermretentionbackups",
        ]
        | [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.sql",
            "locations",
            _,
            "longtermretentionservers",
            _,
            "longtermretentiondatabases",
            _,
            "longtermretentionbackups",
        ] if get => {
            let n = l.len();
            Route::SqlLtrByDatabase {
                server: o(n - 4),
                db: o(n - 2),
            }
        }
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.sql",
            "locations",
            _,
            "longtermretentionservers",
            _,
            "longtermretentionbackups",
        ]
        | [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.sql",
            "locations",
            _,
            "longtermretentionservers",
            _,
            "longtermretentionbackups",
        ] if get => Route::SqlLtrByServer {
            server: o(l.len() - 2),
        },
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.sql",
            "locations",
            _,
            "databaseazureasyncoperation",
            _,
        ] if get => Route::SqlOperation { id: o(7) },
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.sql",
            "locations",
            _,
            "databaseoperationresults",
            _,
        ] if get => Route::SqlOperationResult { id: o(7) },
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.documentdb",
            "databaseaccounts",
            _,
        ] if get || put => {
            let (rg, name) = (o(3), o(7));
            if get {
                Route::CosmosGet { rg, name }
            } else {
                Route::CosmosPut { rg, name }
            }
        }
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.documentdb",
            "restorabledatabaseaccounts",
        ]
        | [
            "subscriptions",
            _,
            "providers",
            "microsoft.documentdb",
            "locations",
            _,
            "restorabledatabaseaccounts",
        ] if get => Route::CosmosRestorableList,
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.documentdb",
            "locations",
            _,
            "operationsstatus",
            _,
        ] if get => Route::CosmosOperation { id: o(7) },
        ["providers", "microsoft.resourcegraph", "resources"] if post => Route::GraphResources,
        ["_vault", _, "secrets"] if get => Route::VaultSecrets { vault: o(1) },
        _ => return None,
    };
    Some((route, sub))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(p: &str) -> Vec<String> {
        p.trim_start_matches('/')
            .split('/')
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn arm_paths_match_without_case() {
        let (r, sub) = parse(
            &Method::GET,
            &segs("/subscriptions/S/resourcegroups/RG/providers/microsoft.containerinstance/containerGroups/ci-x"),
        )
        .unwrap();
        assert_eq!(
            r,
            Route::CgGet {
                rg: "RG".into(),
                name: "ci-x".into()
            }
        );
        assert_eq!(sub.as_deref(), Some("S"));
        let (r, _) = parse(
            &Method::GET,
            &segs("/subscriptions/S/resourceGroups/RG/providers/Microsoft.ContainerInstance/containerGroups/ci-x/providers/Microsoft.Insights/metrics"),
        )
        .unwrap();
        assert_eq!(
            r,
            Route::Metrics {
                resource: "/subscriptions/S/resourceGroups/RG/providers/Microsoft.ContainerInstance/containerGroups/ci-x".into()
            }
        );
        assert!(parse(&Method::DELETE, &segs("/subscriptions/S/resourceGroups/RG/providers/Microsoft.ContainerInstance/containerGroups/ci-x")).is_none());
    }
}
