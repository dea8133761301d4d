public import LedgerStore

extension ServerMetrics {
    /// Gauges read from the database and its pools at each scrape: the rollup queue's depth,
    /// how long since its last fold, and each pool's connections in use, idle and waited for.
    public func sampleGauges(of database: Database) {
        sampleBeforeScrape { [self] in
            if let rows = try? await RollupRepository(database).queuedRows() {
                gauge("rollup_queue_rows", Double(rows), help: "Usage deltas queued for the rollups, not yet folded")
            }
            if let lag = sinceLastSuccess(of: PeriodicJob.foldUsageRollupsName) {
                gauge("rollup_fold_lag_seconds", Double(lag.components.seconds), help: "Seconds since the rollups were last folded")
            }
            let usage = database.usage
            for (pool, counter) in [("main", usage.main), ("tenant", usage.tenant)] {
                let active = counter.value
                let inUse = min(active, usage.capacity)
                for (state, value) in [("in_use", inUse), ("idle", usage.capacity - inUse), ("waiting", active - inUse)] {
                    gauge(
                        "db_pool_connections", Double(value), labels: [("pool", pool), ("state", state)],
                        help: "Connections of a pool by state (idle: capacity not in use; waiting: operations queued for one)")
                }
            }
        }
    }
}
